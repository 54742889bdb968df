import PgBoss from 'pg-boss';
import { getEnv } from '../../config/env';
import type { Db } from '../../db/pool';
import { getLogger } from '../../log/logger';

/** The pg-boss queue of collection jobs: one job loads one collection of one run. */
export const COLLECTION_QUEUE = 'ferry-migrate-collection';

export type CollectionJob = { runId: string; collection: string };

/** One pg-boss per database pool (a process normally has one; tests have several). */
const bosses = new Map<Db, Promise<PgBoss>>();

/**
 * This process's pg-boss instance. It uses `QUEUE_DATABASE_URL` when set, otherwise Ferry's own pool
 * (so it follows DATABASE_URL, the embedded database or Nile's pool alike). Processes that only send
 * jobs (the web server) skip pg-boss's maintenance; workers run it.
 */
export function getQueue(db: Db, options: { isWorker: boolean } = { isWorker: false }): Promise<PgBoss> {
  const existing = bosses.get(db);
  if (existing) return existing;
  const boss = (async () => {
    const url = getEnv().QUEUE_DATABASE_URL;
    const connection = url ? { connectionString: url } : { db: { executeSql: (text: string, values: unknown[]) => db.query(text, values) } };
    const instance = new PgBoss({ ...connection, schema: 'pgboss', supervise: options.isWorker, schedule: false, migrate: true });
    instance.on('error', (error) => getLogger().error({ err: error }, 'job queue error'));
    await instance.start();
    await instance.createQueue(COLLECTION_QUEUE);
    return instance;
  })().catch((error: unknown) => {
    bosses.delete(db);
    throw error;
  });
  bosses.set(db, boss);
  return boss;
}

/** Enqueues collection jobs. Duplicates are harmless: a job runs only while holding its collection's lock. */
export async function enqueueCollections(db: Db, jobs: CollectionJob[]): Promise<void> {
  if (jobs.length === 0) return;
  const queue = await getQueue(db);
  for (const job of jobs) {
    await queue.send(COLLECTION_QUEUE, job, { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 6 * 60 * 60 });
  }
}

/** Stops this process's pg-boss instances (waiting for running jobs up to 10 s). */
export async function stopQueue(): Promise<void> {
  const current = [...bosses.values()];
  bosses.clear();
  await Promise.all(current.map(async (b) => (await b).stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => undefined)));
}
