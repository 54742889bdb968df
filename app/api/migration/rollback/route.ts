import { json } from '@/lib/server/http/responses';
import { withAuth } from '@/lib/server/http/with-auth';
import { getRollbackTarget } from '@/lib/server/rollback/get-rollback-target';
import { requestRollback } from '@/lib/server/rollback/request-rollback';
import { RollbackRequestSchema } from '@/lib/shared/contracts/rollback';

// GET /api/migration/rollback — whether the last run can be rolled back (run, snapshot, tenants, running or last rollback) (level 1)
export const GET = withAuth(async ({ db }) => getRollbackTarget(db), { level: 1 });

// POST /api/migration/rollback { tenant?, acceptLoss? } — roll back the last run, or one tenant: 202 { rollbackId, runId, snapshotId, scope }; 200 when already done (level 1)
export const POST = withAuth(async ({ db, actor, body, audit }) => {
  const request = await body(RollbackRequestSchema);
  const decision = await requestRollback(db, actor.email ?? actor.name, request);
  audit(`run:${decision.body.runId}`, { rollbackId: decision.body.rollbackId, joined: decision.body.joined });
  return json(decision.body, decision.status);
}, { level: 1, action: 'migration.rollback' });
