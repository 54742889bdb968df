import { LOCK_CLASSES, lockHeldSql } from '../db/advisory-locks';
import type { Db } from '../db/pool';
import { enqueueJobs } from '../jobs/job-queue';
import { defineJobKind } from '../jobs/job-kind';
import { executeRollbackJob, type RollbackJob } from './execute-rollback-job';

export async function enqueueRollback(db: Db, rollbackId: string): Promise<void> {
  await enqueueJobs<RollbackJob>(db, 'rollback', [{ rollbackId }]);
}

/**
 * Picks up a rollback nobody is executing: running, its execution lock not held (its worker died, or
 * PostgreSQL restarted under it), queued more than ten seconds ago. Any worker's maintenance pass does
 * it — the in-process worker of `npm start` is enough.
 */
export async function requeueOrphanRollbacks(db: Db): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE ferry.rollbacks b SET queued_at = now()
      WHERE b.state = 'running' AND b.queued_at < now() - interval '10 seconds' AND NOT ${lockHeldSql('$1', `'rollback/' || b.id::text`)}
      RETURNING b.id`,
    [LOCK_CLASSES.run],
  );
  for (const row of rows) await enqueueRollback(db, row.id);
  return rows.length;
}

/** Rolling a run (or one tenant) back to its snapshot: one at a time. */
export const rollbackJobKind = defineJobKind<RollbackJob>({
  name: 'rollback',
  defaultConcurrency: 1,
  handle: (db, job, { log }) => executeRollbackJob(db, job, log),
  maintain: async (db) => {
    await requeueOrphanRollbacks(db);
  },
});
