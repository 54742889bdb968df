import { CreateTokenInputSchema } from '@/lib/shared/contracts/tokens';
import { createToken, listTokens } from '@/lib/server/auth/tokens/manage-tokens';
import { json } from '@/lib/server/http/responses';
import { withAuth } from '@/lib/server/http/with-auth';

// GET /api/tokens — the caller's API tokens (never the secrets)
export const GET = withAuth(async ({ db, actor }) => ({ tokens: await listTokens(db, actor.userId as string) }), { level: 3 });

// POST /api/tokens — create a token for the caller; the secret is in this response only
export const POST = withAuth(async ({ db, actor, body, audit }) => {
  const input = await body(CreateTokenInputSchema);
  const created = await createToken(db, actor.userId as string, input);
  audit(`token:${created.id}`, { prefix: created.prefix });
  return json(created, 201);
}, { level: 3, action: 'token.create' });
