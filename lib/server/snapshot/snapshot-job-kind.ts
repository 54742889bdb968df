import { LOCK_CLASSES, lockHeldSql } from '../db/advisory-locks';
import type { Db } from '../db/pool';
import { defineJobKind } from '../jobs/job-kind';
import { enqueueSnapshot, type SnapshotJob } from './create-snapshot';
import { executeSnapshotJob } from './execute-snapshot-job';

/**
 * Hands back snapshots a dead worker left behind: one still creating or verifying whose lock nobody
 * holds, queued more than ten seconds ago, is queued again (its job starts it over).
 */
export async function requeueOrphanSnapshots(db: Db): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE ferry.snapshots s SET queued_at = now()
      WHERE s.state IN ('creating', 'verifying') AND s.queued_at < now() - interval '10 seconds'
        AND NOT ${lockHeldSql('$1', `'snapshot/' || s.id::text`)}
      RETURNING s.id`,
    [LOCK_CLASSES.run],
  );
  for (const row of rows) await enqueueSnapshot(db, row.id);
  return rows.length;
}

/** Writing and rehearsing a rollback snapshot (one at a time per worker: it is disk and CPU bound). */
export const snapshotJobKind = defineJobKind<SnapshotJob>({
  name: 'snapshot',
  defaultConcurrency: 1,
  handle: (db, job, { log }) => executeSnapshotJob(db, job, log),
  maintain: async (db) => {
    await requeueOrphanSnapshots(db);
  },
});
