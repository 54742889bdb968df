import { collectionLockNameSql, LOCK_CLASSES, lockHeldSql } from '../db/advisory-locks';
import type { Db } from '../db/pool';
import { advanceRun } from '../migration/runs/advance-run';
import { recordRunEvent } from '../migration/runs/run-events';
import { statesLeadingTo } from '../../shared/run-states';

const POLL_MS = 200;

/** Waits until no loader holds a collection lock of the run (each stops at its batch boundary). */
export async function waitForLoaders(db: Db, runId: string): Promise<void> {
  for (;;) {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ferry.run_collections c WHERE c.run_id = $1 AND ${lockHeldSql('$2', collectionLockNameSql('c.run_id', 'c.collection'))}`,
      [runId, LOCK_CLASSES.collection],
    );
    if ((rows[0]?.n ?? 0) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * A whole-run rollback takes the run over: `→ rolling_back` from whatever state it is in (its loaders see
 * the run leave the loading states and stop after their current batch), then waits until none is loading.
 */
export async function takeRunForRollback(db: Db, runId: string, rollbackId: string): Promise<void> {
  const moved = await db.query(
    `UPDATE ferry.migration_runs SET state = 'rolling_back', step = $3, updated_at = now() WHERE id = $1 AND state = ANY($2)`,
    [runId, statesLeadingTo('rolling_back'), `rolling back (rollback ${rollbackId})`],
  );
  if (moved.rowCount) await recordRunEvent(db, runId, 'warn', `Rollback ${rollbackId} started: loading stops at the next batch boundary.`);
  await waitForLoaders(db, runId);
}

/**
 * A tenant rollback leaves the run as it is, but not loading: a run still snapshotting or loading is
 * paused first (it can be resumed afterwards), and the rollback waits until it is.
 */
export async function pauseRunForTenantRollback(db: Db, runId: string, rollbackId: string): Promise<void> {
  const paused = await db.query(
    `UPDATE ferry.migration_runs SET state = 'pausing', step = $3, updated_at = now() WHERE id = $1 AND state = ANY($2)`,
    [runId, statesLeadingTo('pausing'), `pausing for tenant rollback ${rollbackId}`],
  );
  if (paused.rowCount) {
    await db.query(`UPDATE ferry.run_collections SET state = 'paused' WHERE run_id = $1 AND state = 'pending'`, [runId]);
    await recordRunEvent(db, runId, 'warn', `Paused for tenant rollback ${rollbackId}.`);
  }
  await waitForLoaders(db, runId);
  await advanceRun(db, runId);
}
