import type { Db } from '../db/pool';
import { unlessUndefinedTable } from '../db/pg-errors';
import { listSnapshots } from '../snapshot/list-snapshots';

export type LatestSnapshot = { state: string; createdAt: string; finishedAt: string | null };

/**
 * The newest rollback snapshot, read through issue 7's own reader (`listSnapshots`), or null when there
 * is none — or when its table does not exist yet. Any other error is thrown.
 */
export async function readLatestSnapshot(db: Db): Promise<LatestSnapshot | null> {
  return unlessUndefinedTable(async () => {
    const [latest] = (await listSnapshots(db)).snapshots;
    return latest ? { state: latest.state, createdAt: latest.createdAt, finishedAt: latest.finishedAt } : null;
  }, null);
}
