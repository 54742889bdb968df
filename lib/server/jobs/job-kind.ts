import type { Db } from '../db/pool';
import type { Logger } from '../log/logger';
import type { JobKindName } from './job-queue';

/** What every handler of a worker receives besides its job's data. */
export type JobContext = {
  log: Logger;
  /** Rows per loader transaction when the worker was started with one (benchmarks, tests). */
  batchSize?: number;
};

/**
 * One kind of background work: its queue, how many of its jobs one worker runs at once, its handler,
 * and optionally a maintenance pass every worker runs every two seconds (e.g. re-queueing the work of a
 * crashed worker). A handler must be safe to run twice for the same job (pg-boss retries, duplicates):
 * it takes its advisory lock and re-reads its state from the database.
 */
export type JobKind<T extends object = object> = {
  name: JobKindName;
  defaultConcurrency: number;
  handle(db: Db, data: T, context: JobContext): Promise<void>;
  maintain?(db: Db, log: Logger): Promise<void>;
};

/** Types a kind's handler against its data while the registry holds kinds of any data. */
export function defineJobKind<T extends object>(kind: JobKind<T>): JobKind {
  return kind as unknown as JobKind;
}
