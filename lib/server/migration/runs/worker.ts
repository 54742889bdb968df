import type { Db } from '../../db/pool';
import { getLogger } from '../../log/logger';
import { ensureEngineTables } from '../target-tables/target-tables';
import { advanceRun } from './advance-run';
import { executeCollectionJob } from './execute-collection-job';
import { COLLECTION_QUEUE, getQueue, stopQueue, type CollectionJob } from './queue';

const REAP_EVERY_MS = 2000;
const LOCK_CLASS = 0x46525243;

/**
 * Hands back work a dead worker left behind: collections of an active run marked running whose
 * collection lock nobody holds (the lock dies with the worker's connection) become pending again, and
 * `advanceRun` queues them (and settles runs a crash left mid-transition, e.g. pausing with nothing
 * running). Safe in every worker at once: a job only works while holding its collection's lock.
 */
export async function reapOrphans(db: Db): Promise<number> {
  // Jobs a dead worker had fetched but not started are lost to pg-boss until they expire. Once no job
  // waits in the queue, pending collections queued a while ago and never started are claimed again.
  const waiting = await (await getQueue(db)).getQueueSize(COLLECTION_QUEUE, { before: 'active' });
  if (waiting === 0) {
    await db.query(
      `UPDATE ferry.run_collections c SET queued_at = NULL FROM ferry.migration_runs r
        WHERE r.id = c.run_id AND r.state IN ('queued', 'running') AND c.state = 'pending' AND c.queued_at < now() - interval '5 seconds'`,
    );
  }
  const { rowCount } = await db.query(
    `UPDATE ferry.run_collections c SET state = 'pending', queued_at = NULL
       FROM ferry.migration_runs r
      WHERE r.id = c.run_id AND r.state IN ('queued', 'running', 'pausing') AND c.state = 'running'
        AND NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                         AND l.classid = $1::int::oid AND l.objid = hashtext(c.run_id::text || '/' || c.collection)::oid)`,
    [LOCK_CLASS],
  );
  const runs = await db.query<{ id: string }>(`SELECT id FROM ferry.migration_runs WHERE state IN ('queued', 'running', 'pausing')`);
  for (const run of runs.rows) await advanceRun(db, run.id);
  return rowCount ?? 0;
}

export type Worker = { stop(): Promise<void> };

/**
 * A migration worker: takes collection jobs from pg-boss one at a time and loads them; every two seconds
 * re-queues orphaned work, so a run continues after a worker or server was killed. Any number of
 * workers (in `npm start`, or `npm run worker` on other machines) share the jobs.
 */
export async function startWorker(db: Db, options: { batchSize?: number; concurrency?: number } = {}): Promise<Worker> {
  const log = getLogger().child({ component: 'worker' });
  await ensureEngineTables(db);
  const queue = await getQueue(db, { isWorker: true });
  // Several collection jobs at a time (default 3, measured best on 2 cores): one collection's parsing
  // overlaps the others' database writes, so Node and PostgreSQL both keep busy. An active job is one
  // being loaded; after each, the loop is notified so it fetches the next at once.
  for (let slot = 0; slot < (options.concurrency ?? 3); slot += 1) {
    const workerId: string = await queue.work<CollectionJob>(COLLECTION_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
      if (!job) return;
      await executeCollectionJob(db, job.data, log, options.batchSize);
      queue.notifyWorker(workerId);
    });
  }
  let stopped = false;
  let reaping: Promise<void> = Promise.resolve();
  const reap = () => {
    if (stopped) return;
    reaping = reapOrphans(db)
      .then(() => undefined, (error: unknown) => log.warn({ err: error }, 'reaper pass failed'))
      .then(() => {
        if (!stopped) timer = setTimeout(reap, REAP_EVERY_MS);
      });
  };
  let timer = setTimeout(reap, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await reaping; // a pass in flight must not start a new queue after this one stopped
      await stopQueue();
    },
  };
}

