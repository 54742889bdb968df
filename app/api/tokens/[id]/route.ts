import { revokeToken } from '@/lib/server/auth/tokens/manage-tokens';
import { withAuth } from '@/lib/server/http/with-auth';

// DELETE /api/tokens/<id> — revoke one of the caller's own tokens
export const DELETE = withAuth<{ id: string }>(async ({ db, actor, params, audit }) => {
  audit(`token:${params.id}`);
  return revokeToken(db, params.id, actor.userId as string);
}, { level: 3, action: 'token.revoke' });
