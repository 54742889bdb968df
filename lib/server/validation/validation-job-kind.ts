import { LOCK_CLASSES, lockHeldSql } from '../db/advisory-locks';
import type { Db } from '../db/pool';
import { defineJobKind } from '../jobs/job-kind';
import { enqueueJobs, waitingJobs } from '../jobs/job-queue';
import { executeValidation, type ValidationJobData } from './execute-validation';

/**
 * Queues again every running validation nobody works on: its lock is free (the worker died, or its job
 * was lost) and it has not moved for ten seconds. Only when no validation job waits in the queue, so a
 * validation waiting its turn is not queued twice. Safe in every worker at once: the lock decides.
 */
export async function reapValidations(db: Db): Promise<number> {
  if ((await waitingJobs(db, 'validation')) > 0) return 0;
  const { rows } = await db.query<{ id: string }>(
    `SELECT v.id FROM ferry.validations v
      WHERE v.state = 'running' AND v.updated_at < now() - interval '10 seconds'
        AND NOT ${lockHeldSql('$1', `'validation/' || v.id::text`)}`,
    [LOCK_CLASSES.run],
  );
  if (rows.length > 0) {
    await db.query(`UPDATE ferry.validations SET updated_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
    await enqueueJobs<ValidationJobData>(db, 'validation', rows.map((r) => ({ validationId: r.id })));
  }
  return rows.length;
}

/** Validating a run (one at a time per worker: it reads every legacy file and keeps the database busy). */
export const validationJobKind = defineJobKind<ValidationJobData>({
  name: 'validation',
  defaultConcurrency: 1,
  handle: (db, job, { log }) => executeValidation(db, job, log),
  maintain: async (db) => {
    await reapValidations(db);
  },
});
