import type { RollbackPreview } from '../../shared/contracts/rollback';
import { AppError } from '../../shared/errors';
import type { Db } from '../db/pool';
import { tenantUuid } from '../mapping/ids';
import { detectLosses } from './detect-losses';
import { loadRollbackContext, readRunTenantIds, readRunTenants } from './rollback-context';
import { runTenantList } from './get-rollback-target';

/**
 * `GET /api/migration/rollback/preview[?tenant=]`: what a rollback of the last run (or one tenant) would
 * undo — the run's rows and tenants, the snapshot — and which rows written by others it would lose, per
 * table and tenant. Reads only.
 * @throws AppError `not_found` (no run yet, or a tenant without rows of the run), `conflict` (already rolled back, no verified
 *   snapshot, a refused snapshot).
 */
export async function previewRollback(db: Db, tenantKey?: string): Promise<RollbackPreview> {
  const run = (await db.query<{ id: string; state: string }>(`SELECT id, state FROM ferry.migration_runs ORDER BY created_at DESC LIMIT 1`)).rows[0];
  if (!run) throw new AppError('not_found', 'No migration run to roll back.');
  if (run.state === 'rolled_back') throw new AppError('conflict', `Run ${run.id} is already rolled back.`);
  const snapshot = (await db.query<{ id: string; createdAt: string }>(
    `SELECT id, created_at::text AS "createdAt" FROM ferry.snapshots WHERE protects_run_id = $1 AND state = 'verified' ORDER BY created_at DESC LIMIT 1`, [run.id])).rows[0];
  if (!snapshot) throw new AppError('conflict', `No verified rollback snapshot protects run ${run.id}.`);
  const tenantId = tenantKey ? tenantUuid(tenantKey) : null;
  const runTenants = await readRunTenants(db, run.id);
  if (tenantId && !runTenants.has(tenantId)) throw new AppError('not_found', `Tenant "${tenantKey}" has no rows of run ${run.id}.`);
  const ctx = await loadRollbackContext(db, { runId: run.id, snapshotId: snapshot.id, scope: tenantId && tenantKey ? { tenantId, tenantKey } : null, acceptLoss: false });
  const { report } = await detectLosses(db, ctx, await readRunTenantIds(db, run.id));
  const tenants = (await runTenantList(db, run.id)).filter((t) => !tenantId || t.tenantId === tenantId);
  const admin = tenantId ? 0 : Number((await db.query<{ n: string }>(`SELECT COALESCE(sum(rows), 0) AS n FROM ferry.shared_checkpoints WHERE run_id = $1 AND stream = 'admin'`, [run.id])).rows[0]?.n ?? 0);
  return {
    runId: run.id, snapshotId: snapshot.id, snapshotCreatedAt: new Date(snapshot.createdAt).toISOString(),
    scope: tenantKey ? { tenant: tenantKey } : 'run', rows: tenants.reduce((sum, t) => sum + t.rows, 0) + admin, tenants, losses: report,
  };
}
