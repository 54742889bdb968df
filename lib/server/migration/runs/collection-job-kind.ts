import { collectionLockNameSql, LOCK_CLASSES, lockHeldSql } from '../../db/advisory-locks';
import type { Db } from '../../db/pool';
import { defineJobKind } from '../../jobs/job-kind';
import { waitingJobs } from '../../jobs/job-queue';
import { CLAIMED_RUN_STATES, LOADING_RUN_STATES } from '../../../shared/run-states';
import { advanceRun } from './advance-run';
import { executeCollectionJob, type CollectionJob } from './execute-collection-job';

/**
 * Hands back work a dead worker left behind: collections of an active run marked running whose
 * collection lock nobody holds (the lock dies with the worker's connection) become pending again, and
 * `advanceRun` queues them (and settles runs a crash left mid-transition, e.g. pausing with nothing
 * running). Safe in every worker at once: a job only works while holding its collection's lock.
 */
export async function reapOrphans(db: Db): Promise<number> {
  // Jobs a dead worker had fetched but not started are lost to pg-boss until they expire. Once no job
  // waits in the queue, pending collections queued a while ago and never started are claimed again.
  if ((await waitingJobs(db, 'collection')) === 0) {
    await db.query(
      `UPDATE ferry.run_collections c SET queued_at = NULL FROM ferry.migration_runs r
        WHERE r.id = c.run_id AND r.state = ANY($1) AND c.state = 'pending' AND c.queued_at < now() - interval '5 seconds'`,
      [LOADING_RUN_STATES],
    );
  }
  const { rowCount } = await db.query(
    `UPDATE ferry.run_collections c SET state = 'pending', queued_at = NULL
       FROM ferry.migration_runs r
      WHERE r.id = c.run_id AND r.state = ANY($1) AND c.state = 'running'
        AND NOT ${lockHeldSql('$2', collectionLockNameSql('c.run_id', 'c.collection'))}`,
    [CLAIMED_RUN_STATES, LOCK_CLASSES.collection],
  );
  const runs = await db.query<{ id: string }>(`SELECT id FROM ferry.migration_runs WHERE state = ANY($1)`, [CLAIMED_RUN_STATES]);
  for (const run of runs.rows) await advanceRun(db, run.id);
  return rowCount ?? 0;
}

/** Loading one collection of one run (three at once per worker by default: parsing overlaps writing). */
export const collectionJobKind = defineJobKind<CollectionJob>({
  name: 'collection',
  defaultConcurrency: 3,
  handle: (db, job, { log, batchSize }) => executeCollectionJob(db, job, log, batchSize),
  maintain: async (db) => {
    await reapOrphans(db);
  },
});
