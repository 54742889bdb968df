import type { SnapshotProgress, SnapshotState, SnapshotTable, SnapshotView } from '../../shared/contracts/snapshots';
import type { Queryable } from './target-generation';

/** The columns every snapshot read selects, with what decides whether it may be deleted. */
export const SNAPSHOT_COLUMNS = `s.id, s.state, s.created_at::text AS "createdAt", s.created_by AS "createdBy", s.finished_at::text AS "finishedAt",
  s.bytes, s.tables, s.protects_run_id AS "protectsRunId", s.error, s.progress, s.key_id AS "keyId",
  s.protects_run_id IS NOT NULL AND s.protects_run_id = (SELECT r.id FROM ferry.migration_runs r ORDER BY r.created_at DESC LIMIT 1) AS "protectsNewest",
  EXISTS (SELECT 1 FROM ferry.rollbacks b WHERE b.snapshot_id = s.id AND b.state = 'running') AS "inUse"`;

export type SnapshotRow = {
  id: string; state: SnapshotState; createdAt: string; createdBy: string; finishedAt: string | null; bytes: string;
  tables: SnapshotTable[]; protectsRunId: string | null; error: string | null; progress: Partial<SnapshotProgress>; keyId: string | null;
  protectsNewest: boolean; inUse: boolean;
};

const iso = (text: string | null) => (text ? new Date(text).toISOString() : null);

/** Why a snapshot may not be deleted now, or null. */
export function deleteRefusal(row: Pick<SnapshotRow, 'state' | 'protectsNewest' | 'inUse' | 'protectsRunId'>): string | null {
  if (row.state === 'creating' || row.state === 'verifying') return 'It is still being written.';
  if (row.inUse) return 'A rollback is restoring it.';
  if (row.protectsNewest) return `It protects the newest run (${row.protectsRunId}): rolling that run back needs it.`;
  return null;
}

export function toSnapshotView(row: SnapshotRow): SnapshotView {
  const tables = row.tables ?? [];
  return {
    id: row.id, state: row.state, createdAt: iso(row.createdAt) as string, createdBy: row.createdBy, finishedAt: iso(row.finishedAt),
    bytes: Number(row.bytes), tables, rows: tables.reduce((sum, t) => sum + t.rows, 0), protectsRunId: row.protectsRunId, error: row.error,
    progress: { step: row.progress.step ?? row.state, tables: row.progress.tables ?? 0, tablesDone: row.progress.tablesDone ?? 0, rows: row.progress.rows ?? 0, bytes: row.progress.bytes ?? 0 },
    keyId: row.keyId, deleteRefusal: deleteRefusal(row),
  };
}

/** One snapshot's row, or null. */
export async function readSnapshotRow(q: Queryable, snapshotId: string): Promise<SnapshotRow | null> {
  const { rows } = await q.query<SnapshotRow>(`SELECT ${SNAPSHOT_COLUMNS} FROM ferry.snapshots s WHERE s.id = $1`, [snapshotId]);
  return rows[0] ?? null;
}
