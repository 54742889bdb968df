import { AppError } from '../../shared/errors';
import { locks, tryLock, unlock, xactLock } from '../db/advisory-locks';
import { isDatabaseUnavailable } from '../db/pg-errors';
import type { Db } from '../db/pool';
import { withTransaction } from '../db/transaction';
import type { Logger } from '../log/logger';
import { recordRunEvent } from '../migration/runs/run-events';
import { SnapshotIntegrityError } from '../snapshot/sealed-file';
import { bumpGeneration, setAdapterMode } from '../snapshot/target-generation';
import { refusal } from './rollback-context';
import { readRollbackRow, type RollbackRow } from './rollback-row';
import { runRollback, type RollbackOutcome } from './run-rollback';

/** The data of a `rollback` job. */
export type RollbackJob = { rollbackId: string };

/**
 * Ends a rollback in one shared-only transaction: reads go back to the legacy store, a whole-run rollback
 * moves its run to `rolled_back`, the target generation moves on — and when the target verifiably equals
 * the snapshot again, the snapshot takes that generation, so the next run reuses it.
 */
async function complete(db: Db, row: RollbackRow, outcome: RollbackOutcome): Promise<void> {
  await withTransaction(db, async (client) => {
    await xactLock(client, locks.adapterMode()); // after any mode switch in progress, never interleaved with one
    await setAdapterMode(client, 'legacy', row.requestedBy);
    if (!row.tenantId) {
      await client.query(`UPDATE ferry.migration_runs SET state = 'rolled_back', step = 'rolled back', finished_at = now(), updated_at = now() WHERE id = $1 AND state = 'rolling_back'`, [row.runId]);
    }
    const generation = await bumpGeneration(client, row.requestedBy);
    if (!row.tenantId && row.snapshotId && outcome.verified) await client.query(`UPDATE ferry.snapshots SET generation = $2 WHERE id = $1`, [row.snapshotId, generation]);
    await client.query(
      `UPDATE ferry.rollbacks SET state = 'completed', step = 'completed', verified = $2, kept_tenants = $3, generation_after = $4, finished_at = now(), error = NULL WHERE id = $1`,
      [row.id, outcome.verified, JSON.stringify(outcome.kept), generation],
    );
  });
  const what = row.tenantKey ? `tenant ${row.tenantKey}` : 'the run';
  await recordRunEvent(db, row.runId, outcome.verified ? 'info' : 'warn', `Rollback ${row.id} of ${what} completed${outcome.verified ? '; the target matches the snapshot' : `; ${outcome.kept.length} tenant(s) kept because other rows reference them`}.`);
}

async function fail(db: Db, row: RollbackRow, error: unknown, log: Logger): Promise<void> {
  const shown = error instanceof SnapshotIntegrityError ? refusal(error, row.snapshotId ?? '') : error;
  const message = shown instanceof Error ? shown.message : String(shown);
  if (!(shown instanceof AppError)) log.error({ err: error, rollbackId: row.id }, 'rollback failed');
  await db.query(`UPDATE ferry.rollbacks SET state = 'failed', step = 'failed', error = $2, finished_at = now() WHERE id = $1 AND state = 'running'`, [row.id, message]);
  await recordRunEvent(db, row.runId, 'error', `Rollback ${row.id} failed: ${message}`);
}

/**
 * Runs one rollback job. Only the holder of the rollback's execution lock works (a duplicate returns; a
 * crashed holder's lock dies with its connection and the maintenance pass queues the job again); every
 * step re-reads what is already done, so re-running after a crash completes the rollback. A lost
 * database connection is rethrown (the job is retried); any other failure marks the rollback `failed`.
 */
export async function executeRollbackJob(db: Db, job: RollbackJob, log: Logger): Promise<void> {
  const session = await db.connect();
  const lock = locks.rollbackExecution(job.rollbackId);
  try {
    if (!(await tryLock(session, lock))) return;
    try {
      const row = await readRollbackRow(db, job.rollbackId);
      if (!row || row.state !== 'running') return;
      try {
        await complete(db, row, await runRollback(db, row, log.child({ rollbackId: row.id, runId: row.runId })));
      } catch (error) {
        if (isDatabaseUnavailable(error)) throw error;
        await fail(db, row, error, log);
      }
    } finally {
      await unlock(session, lock).catch(() => undefined);
    }
  } finally {
    session.release();
  }
}
