import type { Db } from '../db/pool';
import { enqueueJobs } from '../jobs/job-queue';
import { AppError } from '../../shared/errors';
import { ACTIVE_RUN_STATES } from '../../shared/run-states';
import type { ValidateResponse } from '../../shared/contracts/validation';
import type { ValidationJobData } from './execute-validation';

export type RequestValidationOptions = { runId?: string; actor: string; trigger: 'manual' | 'auto' };

/**
 * Starts a validation of a run (the given one, else the newest) as a background job, or joins the one
 * already running for that run — the database allows one running validation per run (a partial unique
 * index), so concurrent requests all get the same id. The run must have finished loading (completed or
 * failed): validating a run that is still moving would compare half-written tables.
 * @throws AppError `not_found` (no such run, or no run at all), `conflict` (the run is active or rolled back).
 */
export async function requestValidation(db: Db, options: RequestValidationOptions): Promise<ValidateResponse & { joined: boolean }> {
  const runs = await db.query<{ id: string; state: string }>(
    `SELECT id, state FROM ferry.migration_runs WHERE ($1::uuid IS NULL OR id = $1) ORDER BY created_at DESC LIMIT 1`, [options.runId ?? null]);
  const run = runs.rows[0];
  if (!run) throw new AppError('not_found', options.runId ? 'No such run.' : 'No migration has run yet: there is nothing to validate.');
  if ((ACTIVE_RUN_STATES as readonly string[]).includes(run.state)) {
    throw new AppError('conflict', `Run ${run.id} is ${run.state}: validate it once it has finished.`, { details: { runId: run.id, state: run.state } });
  }
  if (run.state === 'rolled_back') throw new AppError('conflict', `Run ${run.id} was rolled back: its rows are gone, there is nothing to validate.`);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const inserted = await db.query<{ id: string }>(
      `INSERT INTO ferry.validations (run_id, trigger, requested_by, total)
       SELECT $1, $2, $3, COALESCE(sum(CASE WHEN stats IS NULL THEN total ELSE (stats->>'live')::bigint END), 0) FROM ferry.run_collections WHERE run_id = $1
       ON CONFLICT (run_id) WHERE state = 'running' DO NOTHING RETURNING id`,
      [run.id, options.trigger, options.actor],
    );
    const id = inserted.rows[0]?.id;
    if (id) {
      await enqueueJobs<ValidationJobData>(db, 'validation', [{ validationId: id }], { singletonKey: id });
      return { validationId: id, joined: false };
    }
    const running = await db.query<{ id: string }>(`SELECT id FROM ferry.validations WHERE run_id = $1 AND state = 'running'`, [run.id]);
    if (running.rows[0]) return { validationId: running.rows[0].id, joined: true };
    // It finished between the insert and the read: try again (a new validation).
  }
  throw new AppError('conflict', 'Validations of this run keep starting and finishing; try again.');
}
