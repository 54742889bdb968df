import { ValidateBodySchema } from '@/lib/shared/contracts/validation';
import { json } from '@/lib/server/http/responses';
import { withAuth } from '@/lib/server/http/with-auth';
import { requestValidation } from '@/lib/server/validation/request-validation';

// POST /api/migration/validate — validate a run (default the newest), or join its running validation: 202 { validationId } (level 2)
export const POST = withAuth(async ({ db, actor, body, audit }) => {
  const { runId } = await body(ValidateBodySchema);
  const { validationId, joined } = await requestValidation(db, { runId, actor: actor.email ?? actor.name, trigger: 'manual' });
  audit(`validation:${validationId}`, { joined });
  return json({ validationId }, 202);
}, { level: 2, action: 'migration.validate' });
