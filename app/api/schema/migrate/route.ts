import { SchemaMigrateInputSchema } from '@/lib/shared/contracts/schema';
import { migrateSchema } from '@/lib/server/schema/schema-actions';
import { withAuth } from '@/lib/server/http/with-auth';

/*
 * Status codes: 200 with every step `ok` (also when nothing was pending, or for a dry run); 409 when
 * refused before anything ran (lock held: details.lock; ledger problems: details.problems); 422 when
 * the Nile linter finds an error (details.findings); 409 when a step failed, with details.result (the
 * steps, the earlier ones applied and kept) and details.failedStep. A failed step is an error status,
 * not a 200 with ok:false, so scripts checking the status and the audit trail (outcome "failure")
 * both see it; never a 500, since the failure is the migration's, not the server's.
 */

// POST /api/schema/migrate — apply every pending migration as the caller, or with dryRun return their SQL (Level 1)
export const POST = withAuth(async ({ db, actor, body, audit }) => {
  const input = await body(SchemaMigrateInputSchema);
  audit('schema'); // named before the run, so a refusal is audited with it too
  const result = await migrateSchema(db, actor, { dryRun: input.dryRun });
  audit('schema', { steps: result.steps.map((s) => s.id) });
  return result;
}, { level: 1, action: 'schema.migrate' });
