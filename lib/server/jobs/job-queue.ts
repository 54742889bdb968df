import PgBoss from 'pg-boss';
import { getEnv } from '../config/env';
import { ownerPoolOf } from '../db/owner-pool';
import type { Db } from '../db/pool';
import { getLogger } from '../log/logger';

/**
 * The kinds of background work and their pg-boss queues. Each kind has its own queue, so a rollback or
 * a validation never waits behind a long collection load.
 */
export const JOB_QUEUES = {
  collection: 'ferry-migrate-collection',
  snapshot: 'ferry-snapshot',
  rollback: 'ferry-rollback',
  validation: 'ferry-validate',
} as const;

export type JobKindName = keyof typeof JOB_QUEUES;

/** One pg-boss per database pool (a process normally has one; tests have several). */
const bosses = new Map<Db, Promise<PgBoss>>();

/**
 * This process's pg-boss instance. It uses `QUEUE_DATABASE_URL` when set, otherwise the owner pool of
 * Ferry's database (pg-boss creates its own tables and functions; on Nile, which refuses functions,
 * point QUEUE_DATABASE_URL at a vanilla PostgreSQL). Processes that only send jobs (the web server)
 * skip pg-boss's maintenance; workers run it.
 */
export function getQueue(db: Db, options: { isWorker: boolean } = { isWorker: false }): Promise<PgBoss> {
  const existing = bosses.get(db);
  if (existing) return existing;
  const boss = (async () => {
    const url = getEnv().QUEUE_DATABASE_URL;
    const owner = ownerPoolOf(db);
    const connection = url ? { connectionString: url } : { db: { executeSql: (text: string, values: unknown[]) => owner.query(text, values) } };
    const instance = new PgBoss({ ...connection, schema: 'pgboss', supervise: options.isWorker, schedule: false, migrate: true });
    instance.on('error', (error) => getLogger().error({ err: error }, 'job queue error'));
    await instance.start();
    for (const queue of Object.values(JOB_QUEUES)) await instance.createQueue(queue);
    return instance;
  })().catch((error: unknown) => {
    bosses.delete(db);
    throw error;
  });
  bosses.set(db, boss);
  return boss;
}

export type EnqueueOptions = {
  /** pg-boss keeps at most one queued job per key (a second send while one waits is dropped). */
  singletonKey?: string;
  retryLimit?: number;
  expireInSeconds?: number;
};

/**
 * Enqueues jobs of one kind. Duplicates are harmless by design: every handler works only while holding
 * its advisory lock (docs: lib/server/db/advisory-locks.ts) and re-reads its state from the database.
 */
export async function enqueueJobs<T extends object>(db: Db, kind: JobKindName, jobs: T[], options: EnqueueOptions = {}): Promise<void> {
  if (jobs.length === 0) return;
  const queue = await getQueue(db);
  for (const job of jobs) {
    await queue.send(JOB_QUEUES[kind], job, {
      retryLimit: options.retryLimit ?? 5, retryDelay: 2, retryBackoff: true, expireInSeconds: options.expireInSeconds ?? 6 * 60 * 60,
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
    });
  }
}

/** Jobs of a kind that wait to be fetched (not active yet). */
export async function waitingJobs(db: Db, kind: JobKindName): Promise<number> {
  return (await getQueue(db)).getQueueSize(JOB_QUEUES[kind], { before: 'active' });
}

/** Stops this process's pg-boss instances (waiting for running jobs up to 10 s). */
export async function stopQueue(): Promise<void> {
  const current = [...bosses.values()];
  bosses.clear();
  await Promise.all(current.map(async (b) => (await b).stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => undefined)));
}
