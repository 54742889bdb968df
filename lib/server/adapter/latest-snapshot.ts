import type { Db } from '../db/pool';
import { unlessUndefinedTable } from '../db/pg-errors';

export type LatestSnapshot = { state: string; createdAt: string; finishedAt: string | null };

/**
 * The newest rollback snapshot (issue 7's `ferry.snapshots`), or null when there is none — or when that
 * table does not exist yet (its console migration not applied). Any other error is thrown.
 */
export async function readLatestSnapshot(db: Db): Promise<LatestSnapshot | null> {
  return unlessUndefinedTable(async () => {
    const { rows } = await db.query<{ state: string; createdAt: Date; finishedAt: Date | null }>(
      `SELECT state, created_at AS "createdAt", finished_at AS "finishedAt" FROM ferry.snapshots ORDER BY created_at DESC LIMIT 1`,
    );
    const row = rows[0];
    return row ? { state: row.state, createdAt: row.createdAt.toISOString(), finishedAt: row.finishedAt?.toISOString() ?? null } : null;
  }, null);
}
