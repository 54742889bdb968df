import type { LossReport, RollbackState, RollbackTableResult, RollbackView } from '../../shared/contracts/rollback';
import type { Queryable } from '../snapshot/target-generation';
import type { ExportedDigests } from './export-losses';

/** Per table, what a rollback did so far (accumulated tenant by tenant). */
export type TableTally = Record<string, { removed: number; restored: number; verified: boolean | null }>;

/** What the loss check stored: the report, plus per slice the digests of what was exported. */
export type StoredLosses = LossReport & { digests?: ExportedDigests };

export const ROLLBACK_COLUMNS = `b.id, b.run_id AS "runId", b.snapshot_id AS "snapshotId", b.scope_tenant_id AS "tenantId", b.scope_tenant_key AS "tenantKey", b.state, b.step,
  b.accept_loss AS "acceptLoss", b.requested_by AS "requestedBy", b.started_at::text AS "startedAt", b.finished_at::text AS "finishedAt",
  b.run_tenants AS "runTenants", b.tenants_done AS "tenantsDone", b.tenants_total AS "tenantsTotal", b.removed_rows AS "removedRows",
  b.restored_rows AS "restoredRows", b.tables, b.kept_tenants AS "keptTenants", b.losses, b.loss_export AS "lossExport", b.verified,
  b.generation_after AS "generationAfter", b.error`;

export type RollbackRow = {
  id: string; runId: string; snapshotId: string | null; tenantId: string | null; tenantKey: string | null; state: RollbackState; step: string;
  acceptLoss: boolean; requestedBy: string; startedAt: string; finishedAt: string | null; runTenants: string[] | null; tenantsDone: string[];
  tenantsTotal: number; removedRows: string; restoredRows: string; tables: TableTally; keptTenants: { tenantId: string; reason: string }[];
  losses: StoredLosses | null; lossExport: string | null; verified: boolean | null; generationAfter: string | null; error: string | null;
};

const iso = (text: string | null) => (text ? new Date(text).toISOString() : null);

export function toRollbackView(row: RollbackRow): RollbackView {
  const tables: RollbackTableResult[] = Object.entries(row.tables ?? {}).map(([name, t]) => ({ name, removed: t.removed, restored: t.restored, verified: t.verified }));
  return {
    id: row.id, runId: row.runId, snapshotId: row.snapshotId, scope: row.tenantKey ? { tenant: row.tenantKey } : 'run', state: row.state, step: row.step,
    restoredRows: Number(row.restoredRows), removedRows: Number(row.removedRows), tables, tenantsDone: row.tenantsDone.length, tenantsTotal: row.tenantsTotal,
    keptTenants: row.keptTenants ?? [], verified: row.verified, acceptLoss: row.acceptLoss,
    losses: row.losses ? { rows: row.losses.rows, entries: row.losses.entries } : null, lossExport: row.lossExport,
    requestedBy: row.requestedBy, startedAt: iso(row.startedAt) as string, finishedAt: iso(row.finishedAt), error: row.error,
  };
}

export async function readRollbackRow(q: Queryable, rollbackId: string): Promise<RollbackRow | null> {
  const { rows } = await q.query<RollbackRow>(`SELECT ${ROLLBACK_COLUMNS} FROM ferry.rollbacks b WHERE b.id = $1`, [rollbackId]);
  return rows[0] ?? null;
}

/** The running rollback, if any (at most one: a partial unique index). */
export async function readRunningRollback(q: Queryable): Promise<RollbackRow | null> {
  const { rows } = await q.query<RollbackRow>(`SELECT ${ROLLBACK_COLUMNS} FROM ferry.rollbacks b WHERE b.state = 'running'`);
  return rows[0] ?? null;
}
