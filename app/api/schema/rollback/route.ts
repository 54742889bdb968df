import { SchemaRollbackInputSchema } from '@/lib/shared/contracts/schema';
import { rollbackSchema } from '@/lib/server/schema/schema-actions';
import { withAuth } from '@/lib/server/http/with-auth';

/*
 * Status codes as for /api/schema/migrate (200 done or dry run; 409 refused or a step failed, with
 * details.result and details.failedStep), plus 404 when `to` names a migration that is not applied.
 */

// POST /api/schema/rollback — roll back the last migration, or `to` and every later one newest first; dryRun returns the SQL (Level 1)
export const POST = withAuth(async ({ db, actor, body, audit }) => {
  const input = await body(SchemaRollbackInputSchema);
  const target = input.to ? `schema:${input.to}` : 'schema';
  audit(target); // named before the run, so a refusal is audited with it too
  const result = await rollbackSchema(db, actor, { to: input.to, dryRun: input.dryRun });
  audit(target, { steps: result.steps.map((s) => s.id) });
  return result;
}, { level: 1, action: 'schema.rollback' });
