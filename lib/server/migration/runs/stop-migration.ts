import type { Db } from '../../db/pool';
import { AppError } from '../../../shared/errors';
import type { StopMigrationResponse } from '../../../shared/contracts/migration';
import { ACTIVE_RUN_STATES, statesLeadingTo } from '../../../shared/run-states';
import { advanceRun } from './advance-run';
import { recordRunEvent } from './run-events';

/**
 * Pauses the active run at the next batch boundary: the state becomes `pausing`, each loading worker
 * stops after its current batch (checkpoints kept), and the run becomes `paused` when none is loading.
 * Stopping a run that is already pausing or paused answers its state.
 * @throws AppError `conflict` when no run is queued or running.
 */
export async function stopMigration(db: Db, actor: string): Promise<StopMigrationResponse> {
  const { rows } = await db.query<{ id: string; state: StopMigrationResponse['state'] }>(
    `SELECT id, state FROM ferry.migration_runs WHERE state = ANY($1)`, [ACTIVE_RUN_STATES],
  );
  const run = rows[0];
  if (!run) throw new AppError('conflict', 'No migration run is active.');
  if (run.state === 'pausing' || run.state === 'paused') return { runId: run.id, state: run.state };
  if (run.state === 'rolling_back') throw new AppError('conflict', 'The run is rolling back and cannot be paused.');
  const paused = await db.query(
    `UPDATE ferry.migration_runs SET state = 'pausing', step = 'pausing at the next batch boundary', updated_at = now() WHERE id = $1 AND state = ANY($2)`,
    [run.id, statesLeadingTo('pausing')],
  );
  if (!paused.rowCount) {
    // It finished (or was stopped by someone else) in the meantime: answer what it is now.
    const now = await db.query<{ state: StopMigrationResponse['state'] }>(`SELECT state FROM ferry.migration_runs WHERE id = $1`, [run.id]);
    return { runId: run.id, state: now.rows[0]?.state ?? run.state };
  }
  await db.query(`UPDATE ferry.run_collections SET state = 'paused' WHERE run_id = $1 AND state = 'pending'`, [run.id]);
  await recordRunEvent(db, run.id, 'info', `Pause requested by ${actor}.`);
  return { runId: run.id, state: await advanceRun(db, run.id) };
}
