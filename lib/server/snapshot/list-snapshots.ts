import type { SnapshotList, SnapshotView } from '../../shared/contracts/snapshots';
import { AppError } from '../../shared/errors';
import { isUuid } from '../../shared/uuid';
import type { Db } from '../db/pool';
import { readSnapshotRow, SNAPSHOT_COLUMNS, toSnapshotView, type SnapshotRow } from './snapshot-row';

/** `GET /api/migration/snapshots`: every snapshot, newest first, with state, size, rows and what it protects. */
export async function listSnapshots(db: Db): Promise<SnapshotList> {
  const { rows } = await db.query<SnapshotRow>(`SELECT ${SNAPSHOT_COLUMNS} FROM ferry.snapshots s ORDER BY s.created_at DESC LIMIT 200`);
  return { snapshots: rows.map(toSnapshotView) };
}

/**
 * One snapshot.
 * @throws AppError `not_found`.
 */
export async function getSnapshot(db: Db, snapshotId: string): Promise<SnapshotView> {
  const row = isUuid(snapshotId) ? await readSnapshotRow(db, snapshotId) : null;
  if (!row) throw new AppError('not_found', 'No such snapshot.');
  return toSnapshotView(row);
}
