import fs from 'node:fs/promises';
import { AppError } from '../../shared/errors';
import { isUuid } from '../../shared/uuid';
import type { DeleteSnapshotResponse } from '../../shared/contracts/snapshots';
import { locks, xactLock } from '../db/advisory-locks';
import type { Db } from '../db/pool';
import { withTransaction } from '../db/transaction';
import { snapshotDir, snapshotRoot } from './snapshot-paths';
import { deleteRefusal, readSnapshotRow } from './snapshot-row';

/**
 * `DELETE /api/migration/snapshots/<id>`: removes an old snapshot, its row and its files. Under the
 * rollback decision lock, so a rollback cannot start on it meanwhile.
 * @throws AppError `not_found`; `conflict` when it protects the newest run, a rollback uses it, or it is
 *   still being written.
 */
export async function deleteSnapshot(db: Db, snapshotId: string): Promise<DeleteSnapshotResponse> {
  if (!isUuid(snapshotId)) throw new AppError('not_found', 'No such snapshot.');
  const dir = snapshotDir(snapshotRoot(), snapshotId);
  await withTransaction(db, async (client) => {
    await xactLock(client, locks.rollback());
    const row = await readSnapshotRow(client, snapshotId);
    if (!row) throw new AppError('not_found', 'No such snapshot.');
    const refusal = deleteRefusal(row);
    if (refusal) throw new AppError('conflict', `Snapshot ${snapshotId} cannot be deleted: ${refusal}`, { details: { snapshotId, protectsRunId: row.protectsRunId } });
    await client.query(`DELETE FROM ferry.snapshots WHERE id = $1`, [snapshotId]);
    // The row goes only if the files went: a failure here rolls the delete back.
    await fs.rm(dir, { recursive: true, force: true });
  });
  return { snapshotId, deleted: true };
}
