import crypto from 'node:crypto';
import os from 'node:os';
import type { Env } from '../config/env';
import type { Db } from '../db/pool';
import { getLogger } from '../log/logger';
import { ALL_JOB_KINDS } from './all-job-kinds';
import type { JobKind } from './job-kind';
import { getQueue, JOB_QUEUES, stopQueue, type JobKindName } from './job-queue';
import { beatHeart, registerWorker, unregisterWorker } from './worker-heartbeat';

const TICK_MS = 2000;

export type WorkerOptions = {
  /** Rows per loader transaction (default: each run's setting, else FERRY_BATCH_SIZE's default). */
  batchSize?: number;
  /** Jobs of a kind this worker runs at once (default: the kind's own, e.g. 3 collection loads). */
  concurrency?: Partial<Record<JobKindName, number>>;
  kinds?: JobKind[];
};

export type Worker = { id: string; stop(): Promise<void> };

/** The worker settings of the environment: FERRY_BATCH_SIZE, FERRY_WORKER_CONCURRENCY (collection loads). */
export function workerOptionsFrom(env: Pick<Env, 'FERRY_BATCH_SIZE' | 'FERRY_WORKER_CONCURRENCY'>): WorkerOptions {
  return { batchSize: env.FERRY_BATCH_SIZE, concurrency: { collection: env.FERRY_WORKER_CONCURRENCY } };
}

/**
 * A Ferry worker: one loop serving every kind of background work (collection loads, snapshots,
 * rollbacks, validations), each kind from its own queue with its own concurrency, so a rollback never
 * waits behind a long load. Every two seconds it records a heartbeat and runs each kind's maintenance
 * (e.g. re-queueing the work of a crashed worker). Any number of workers (in `npm start`, or
 * `npm run worker` elsewhere) share the jobs.
 */
export async function startWorker(db: Db, options: WorkerOptions = {}): Promise<Worker> {
  const kinds = options.kinds ?? ALL_JOB_KINDS;
  const id = crypto.randomUUID();
  const log = getLogger().child({ component: 'worker', workerId: id });
  const queue = await getQueue(db, { isWorker: true });
  await registerWorker(db, { id, pid: process.pid, host: os.hostname(), kinds: kinds.map((k) => k.name) });
  for (const kind of kinds) {
    const slots = options.concurrency?.[kind.name] ?? kind.defaultConcurrency;
    // One pg-boss work loop per slot; after each job the loop is notified so it fetches the next at once.
    for (let slot = 0; slot < slots; slot += 1) {
      const loopId: string = await queue.work<object>(JOB_QUEUES[kind.name], { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
        if (!job) return;
        await kind.handle(db, job.data, { log: log.child({ job: kind.name }), batchSize: options.batchSize });
        queue.notifyWorker(loopId);
      });
    }
  }
  let stopped = false;
  let ticking: Promise<void> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    ticking = (async () => {
      await beatHeart(db, id).catch((error: unknown) => log.warn({ err: error }, 'heartbeat failed'));
      for (const kind of kinds) {
        if (!kind.maintain) continue;
        await kind.maintain(db, log).catch((error: unknown) => log.warn({ err: error, job: kind.name }, 'maintenance pass failed'));
      }
    })().then(() => {
      if (!stopped) timer = setTimeout(tick, TICK_MS);
    });
  };
  let timer = setTimeout(tick, 0);
  return {
    id,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await ticking; // a pass in flight must not start a new queue after this one stopped
      await stopQueue();
      await unregisterWorker(db, id).catch(() => undefined); // the heartbeat's age tells the same
    },
  };
}
