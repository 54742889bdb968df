import { AppError } from '../../shared/errors';
import type { RollbackAccepted, RollbackRequest } from '../../shared/contracts/rollback';
import { locks } from '../db/advisory-locks';
import { withExclusive } from '../db/exclusive';
import type { Db } from '../db/pool';
import { tenantUuid } from '../mapping/ids';
import { readGeneration } from '../snapshot/target-generation';
import { detectLosses } from './detect-losses';
import { loadRollbackContext, readRunTenantIds, readRunTenants } from './rollback-context';
import { readRunningRollback, ROLLBACK_COLUMNS, type RollbackRow } from './rollback-row';
import { enqueueRollback } from './rollback-job-kind';

export type RollbackDecision = { status: 200 | 202; body: RollbackAccepted; isNew: boolean };

const accepted = (row: Pick<RollbackRow, 'id' | 'runId' | 'snapshotId' | 'tenantKey' | 'state'>, joined: boolean): RollbackAccepted => ({
  rollbackId: row.id, runId: row.runId, snapshotId: row.snapshotId, scope: row.tenantKey ? { tenant: row.tenantKey } : 'run', state: row.state, joined,
});

type RunRow = { id: string; state: string; startedAt: string | null };

async function decide(db: Db, actor: string, request: RollbackRequest): Promise<RollbackDecision> {
  const tenantKey = request.tenant ?? null;
  const tenantId = tenantKey === null ? null : tenantUuid(tenantKey);
  const running = await readRunningRollback(db);
  if (running) {
    if ((running.tenantId ?? null) !== tenantId) throw new AppError('conflict', `Rollback ${running.id} (${running.tenantKey ? `tenant ${running.tenantKey}` : 'the whole run'}) is running; try again once it has finished.`, { details: { rollbackId: running.id } });
    return { status: 202, body: accepted(running, true), isNew: false };
  }
  const run = (await db.query<RunRow>(`SELECT id, state, started_at::text AS "startedAt" FROM ferry.migration_runs ORDER BY created_at DESC LIMIT 1`)).rows[0];
  if (!run) throw new AppError('conflict', 'No migration run to roll back.');
  // Done already, and nothing changed since: answer that rollback.
  const generation = await readGeneration(db);
  const finished = await db.query<RollbackRow>(
    `SELECT ${ROLLBACK_COLUMNS} FROM ferry.rollbacks b WHERE b.run_id = $1 AND b.state = 'completed' AND b.scope_tenant_id IS NOT DISTINCT FROM $2 ORDER BY b.finished_at DESC LIMIT 1`,
    [run.id, tenantId],
  );
  const last = finished.rows[0];
  if (last && (run.state === 'rolled_back' || Number(last.generationAfter) === generation)) return { status: 200, body: accepted(last, false), isNew: false };
  if (run.state === 'rolled_back') throw new AppError('conflict', `Run ${run.id} is already rolled back.`, { details: { runId: run.id } });
  const runTenants = await readRunTenants(db, run.id);
  const runTenantIds = await readRunTenantIds(db, run.id);
  if (tenantId && !runTenants.has(tenantId)) throw new AppError('not_found', `Tenant "${tenantKey}" has no rows of run ${run.id}.`, { details: { runId: run.id } });
  const snapshot = (await db.query<{ id: string }>(`SELECT id FROM ferry.snapshots WHERE protects_run_id = $1 AND state = 'verified' ORDER BY created_at DESC LIMIT 1`, [run.id])).rows[0];
  let losses = null;
  if (!snapshot) {
    if (tenantId || run.startedAt !== null) throw new AppError('conflict', `No verified rollback snapshot protects run ${run.id}; it cannot be rolled back automatically.`, { details: { runId: run.id } });
  } else {
    const ctx = await loadRollbackContext(db, { runId: run.id, snapshotId: snapshot.id, scope: tenantId && tenantKey ? { tenantId, tenantKey } : null, acceptLoss: request.acceptLoss === true });
    const detection = await detectLosses(db, ctx, runTenantIds);
    losses = detection.report;
    if (losses.rows > 0 && !request.acceptLoss) {
      throw new AppError('conflict', `${losses.rows} row(s) were written to the target after the snapshot by someone other than the run; a rollback would undo them. Nothing was changed. Send acceptLoss to export them beside the snapshot and roll back anyway.`, { details: { runId: run.id, snapshotId: snapshot.id, losses } });
    }
  }
  const inserted = await db.query<RollbackRow>(
    `INSERT INTO ferry.rollbacks (run_id, snapshot_id, scope_tenant_id, scope_tenant_key, accept_loss, requested_by, run_tenants, losses)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, run_id AS "runId", snapshot_id AS "snapshotId", scope_tenant_key AS "tenantKey", state`,
    [run.id, snapshot?.id ?? null, tenantId, tenantKey, request.acceptLoss === true, actor, runTenantIds, losses ? JSON.stringify(losses) : null],
  );
  return { status: 202, body: accepted(inserted.rows[0] as RollbackRow, false), isNew: true };
}

/** One decision at a time per process (so waiting callers hold no connection), and across processes by an advisory lock. */
/**
 * `POST /api/migration/rollback`: rolls back the newest run, or one tenant of it (`tenant`: a legacy key).
 * Joins a rollback of the same scope that is running (202, same id); answers a finished one with 200 when
 * nothing changed since; otherwise checks the snapshot (key, manifest, file sizes) and what would be
 * lost, records the rollback and queues it (202). Concurrent requests make one rollback.
 * @throws AppError `conflict` (no run, no verified snapshot, a refused snapshot, rows that would be lost
 *   without `acceptLoss` — details `{ losses }` —, another rollback running), `not_found` (a tenant
 *   without rows of the run), `unprocessable` (no snapshot key).
 */
export async function requestRollback(db: Db, actor: string, request: RollbackRequest): Promise<RollbackDecision> {
  const decision = await withExclusive(db, locks.rollback(), () => decide(db, actor, request));
  if (decision.status === 202) await enqueueRollback(db, decision.body.rollbackId);
  return decision;
}
