import type { Db } from '../db/pool';
import { withTenant } from '../db/with-tenant';
import { withTransaction } from '../db/transaction';
import type { Logger } from '../log/logger';
import { AppError } from '../../shared/errors';
import { verifySegments } from '../snapshot/open-snapshot';
import { detectLosses, isLossy } from './detect-losses';
import { exportLosses, type ExportedDigests } from './export-losses';
import { restoreSlices, type SliceOutcome } from './restore-slices';
import { removeRunTenants, restoreSnapshotTenants } from './restore-tenant-rows';
import { loadRollbackContext, readRunTenantIds, readRunTenants, readSharedXids, tenantsToVisit, type RollbackContext } from './rollback-context';
import type { RollbackRow, TableTally } from './rollback-row';
import { tableSlice } from './slice';
import { pauseRunForTenantRollback, takeRunForRollback } from './stop-run-for-rollback';

export type RollbackOutcome = { verified: boolean; kept: { tenantId: string; reason: string }[] };

/** How recent the request's own loss check must be for the job to rely on it. */
const JUST_CHECKED_MS = 30_000;

function tally(into: TableTally, outcomes: SliceOutcome[]): { removed: number; restored: number } {
  let removed = 0;
  let restored = 0;
  for (const o of outcomes) {
    const t = (into[o.table] ??= { removed: 0, restored: 0, verified: true });
    t.removed += o.removed;
    t.restored += o.restored;
    t.verified = (t.verified ?? true) && o.verified;
    removed += o.removed;
    restored += o.restored;
  }
  return { removed, restored };
}

/** Checks for other writers' rows; exports them first when the rollback accepts undoing them. */
async function settleLosses(db: Db, ctx: RollbackContext, row: RollbackRow, runTenantIds: string[], step: (s: string) => Promise<void>): Promise<ExportedDigests> {
  if (row.lossExport) return row.losses?.digests ?? {};
  // The request found nothing a moment ago: go on (each tenant's transaction checks again before it
  // commits, so a row written since is refused, never lost).
  const justChecked = row.step === 'queued' && row.losses?.rows === 0 && Date.now() - Date.parse(row.startedAt) < JUST_CHECKED_MS;
  if (justChecked) return {};
  await step('checking for rows written after the snapshot');
  const detection = await detectLosses(db, ctx, runTenantIds);
  await db.query(`UPDATE ferry.rollbacks SET losses = $2 WHERE id = $1`, [row.id, JSON.stringify(detection.report)]);
  if (detection.report.rows === 0) return {};
  if (!ctx.acceptLoss) {
    throw new AppError('conflict', `${detection.report.rows} row(s) were written to the target after the snapshot by someone other than the run; nothing was changed. Roll back with acceptLoss to export and undo them.`, { details: { losses: detection.report } });
  }
  await step(`exporting ${detection.report.rows} row(s) written after the snapshot`);
  const lossy = detection.slices.map((slice, i) => ({ slice, facts: detection.facts[i] as (typeof detection.facts)[number] })).filter((p) => isLossy(p.facts));
  const { file, digests } = await exportLosses(db, ctx, row.id, lossy);
  await db.query(`UPDATE ferry.rollbacks SET losses = $2, loss_export = $3 WHERE id = $1`, [row.id, JSON.stringify({ ...detection.report, digests }), file]);
  return digests;
}

/**
 * The body of a rollback, resumable at every step (each re-reads what is done): verify the snapshot's
 * files, take the run over (whole run) or pause it (one tenant), settle what would be lost, restore the
 * snapshot's tenant rows, then each tenant in its own transaction (children first for deletes, parents
 * first for inserts), the shared tables, and remove the tenants the run created. Returns whether every
 * slice matched the snapshot afterwards and which tenants had to be kept.
 */
export async function runRollback(db: Db, row: RollbackRow, log: Logger): Promise<RollbackOutcome> {
  let current = { text: 'starting', at: performance.now() };
  const step = async (text: string) => {
    log.debug({ step: current.text, ms: Math.round(performance.now() - current.at) }, 'rollback step done');
    current = { text, at: performance.now() };
    await db.query(`UPDATE ferry.rollbacks SET step = $2 WHERE id = $1`, [row.id, text]);
  };
  const scope = row.tenantId && row.tenantKey ? { tenantId: row.tenantId, tenantKey: row.tenantKey } : null;
  if (!row.snapshotId) {
    // The run never loaded a row (it was still waiting for its snapshot): nothing to restore.
    await takeRunForRollback(db, row.runId, row.id);
    return { verified: true, kept: [] };
  }
  const ctx = await loadRollbackContext(db, { runId: row.runId, snapshotId: row.snapshotId, scope, acceptLoss: row.acceptLoss });
  await step('verifying the snapshot');
  await verifySegments(ctx.opened, ctx.key, (table, segment) => !scope || (table.kind === 'tenant' ? segment.tenantId === scope.tenantId : table.name === 'tenants'));
  await step(scope ? 'pausing the run' : 'stopping the run');
  if (scope) await pauseRunForTenantRollback(db, row.runId, row.id);
  else await takeRunForRollback(db, row.runId, row.id);
  const runTenantIds = [...new Set([...(row.runTenants ?? []), ...(await readRunTenantIds(db, row.runId))])];
  const digests = await settleLosses(db, ctx, row, runTenantIds, step);
  await step('restoring the snapshot’s tenants');
  await restoreSnapshotTenants(db, ctx, runTenantIds, digests);
  const tenants = await tenantsToVisit(db, ctx);
  const done = new Set(row.tenantsDone);
  const tables: TableTally = { ...row.tables };
  await db.query(`UPDATE ferry.rollbacks SET tenants_total = $2 WHERE id = $1`, [row.id, tenants.length]);
  for (const [i, tenantId] of tenants.entries()) {
    if (done.has(tenantId)) continue;
    await step(`restoring tenant ${i + 1} of ${tenants.length}`);
    const outcomes = await withTenant(db, tenantId, async (client) => {
      const xids = (await readRunTenants(client, row.runId, tenantId)).get(tenantId)?.xids ?? [];
      const slices = ctx.tenantTables.map((t) => tableSlice(ctx, t, tenantId, xids));
      return restoreSlices(client, ctx, slices, digests, async () => {
        await client.query(`DELETE FROM ferry_checkpoints WHERE tenant_id = $1 AND run_id = $2`, [tenantId, row.runId]);
      });
    });
    const counts = tally(tables, outcomes);
    await db.query(
      `UPDATE ferry.rollbacks SET tenants_done = array_append(tenants_done, $2::uuid), removed_rows = removed_rows + $3, restored_rows = restored_rows + $4, tables = $5 WHERE id = $1`,
      [row.id, tenantId, counts.removed, counts.restored, JSON.stringify(tables)],
    );
  }
  if (!scope && ctx.sharedTables.length > 0) {
    await step('restoring shared tables');
    const xids = await readSharedXids(db, row.runId);
    const outcomes = await withTransaction(db, (client) => restoreSlices(client, ctx, ctx.sharedTables.map((t) => tableSlice(ctx, t, null, xids)), digests));
    const counts = tally(tables, outcomes);
    await db.query(`UPDATE ferry.rollbacks SET removed_rows = removed_rows + $2, restored_rows = restored_rows + $3, tables = $4 WHERE id = $1`, [row.id, counts.removed, counts.restored, JSON.stringify(tables)]);
  }
  await step('removing the tenants the run created');
  const removal = await removeRunTenants(db, ctx, runTenantIds);
  tables.tenants = { removed: (tables.tenants?.removed ?? 0) + removal.removed, restored: tables.tenants?.restored ?? 0, verified: removal.verified };
  await db.query(`UPDATE ferry.rollbacks SET removed_rows = removed_rows + $2, tables = $3, kept_tenants = $4 WHERE id = $1`, [row.id, removal.removed, JSON.stringify(tables), JSON.stringify(removal.kept)]);
  log.info({ rollbackId: row.id, kept: removal.kept.length }, 'rollback restored the snapshot');
  return { verified: Object.values(tables).every((t) => t.verified !== false) && removal.kept.length === 0, kept: removal.kept };
}
