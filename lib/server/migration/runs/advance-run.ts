import type { Db } from '../../db/pool';
import { withTransaction } from '../../db/transaction';
import { enqueueJobs } from '../../jobs/job-queue';
import { CLAIMED_RUN_STATES, LOADING_RUN_STATES, type RunState } from '../../../shared/run-states';
import type { CollectionJob } from './execute-collection-job';
import { recordRunEvent } from './run-events';
import { requestValidation } from '../../validation/request-validation';

/**
 * Claims the pending collections of a run whose dependencies (typed tables they reference) are all
 * loaded and that have no job queued (or only one queued so long ago it must have been lost), stamping
 * them queued so the next caller does not queue them twice.
 */
export async function readyJobs(db: Db, runId: string): Promise<CollectionJob[]> {
  const { rows } = await db.query<{ collection: string }>(
    `UPDATE ferry.run_collections c SET queued_at = now()
      WHERE c.run_id = $1 AND c.state = 'pending'
        AND (c.queued_at IS NULL OR c.queued_at < now() - interval '10 minutes')
        AND NOT EXISTS (SELECT 1 FROM ferry.run_collections d
                         WHERE d.run_id = c.run_id AND d.collection = ANY (c.depends_on) AND d.state <> 'completed')
      RETURNING c.collection, c.position`,
    [runId],
  );
  return rows.map((r) => ({ runId, collection: r.collection }));
}

/** Queues every collection of a run that is ready to load. */
export async function enqueueReadyCollections(db: Db, runId: string): Promise<void> {
  await enqueueJobs(db, 'collection', await readyJobs(db, runId));
}

type Counts = { pending: number; loadable: number; running: number; completed: number; failed: number; total: number };

/**
 * The next state of a run that is loading or pausing, from its collections' states. One failed
 * collection does not stop the others: the run fails only once nothing is running and nothing left
 * can load (pending collections whose dependencies failed can never load).
 */
function nextState(state: RunState, c: Counts): RunState {
  if (!(CLAIMED_RUN_STATES as readonly RunState[]).includes(state)) return state;
  if (c.completed === c.total) return 'completed';
  if (state === 'pausing' && c.running === 0) return 'paused';
  if (c.failed > 0 && c.running === 0 && c.loadable === 0) return 'failed';
  return state;
}

/**
 * Moves a run forward after one of its collections stopped, completed or failed. Under a row lock on
 * the run (so two workers finishing together agree): all collections completed → `completed`; pausing
 * with nothing running → `paused`; failed collections and nothing else left to load → `failed`, with
 * each failed collection named in the run's error; otherwise newly unblocked collections are queued.
 * Returns the run's state.
 */
export async function advanceRun(db: Db, runId: string): Promise<RunState> {
  const outcome = await withTransaction(db, async (client) => {
    const run = await client.query<{ state: RunState }>(`SELECT state FROM ferry.migration_runs WHERE id = $1 FOR UPDATE`, [runId]);
    const state = run.rows[0]?.state;
    if (!state) return { state: 'failed' as RunState, changed: false };
    const { rows } = await client.query<Counts & { errors: string | null }>(
      `SELECT count(*) FILTER (WHERE c.state = 'pending')::int AS pending,
              count(*) FILTER (WHERE c.state = 'pending' AND NOT EXISTS (
                SELECT 1 FROM ferry.run_collections d WHERE d.run_id = c.run_id AND d.collection = ANY (c.depends_on) AND d.state = 'failed'))::int AS loadable,
              count(*) FILTER (WHERE c.state = 'running')::int AS running,
              count(*) FILTER (WHERE c.state = 'completed')::int AS completed,
              count(*) FILTER (WHERE c.state = 'failed')::int AS failed,
              count(*)::int AS total,
              string_agg(c.collection || ': ' || COALESCE(c.error, 'failed'), '; ' ORDER BY c.position) FILTER (WHERE c.state = 'failed') AS errors
         FROM ferry.run_collections c WHERE c.run_id = $1`,
      [runId],
    );
    const counts = rows[0] as Counts & { errors: string | null };
    const next = nextState(state, counts);
    if (next === state) return { state, changed: false };
    const step = next === 'completed' ? 'completed' : next === 'paused' ? 'paused at a batch boundary' : `${counts.failed} collection(s) failed`;
    const error = next === 'failed' ? `${counts.failed} of ${counts.total} collection(s) failed (${counts.completed} completed): ${counts.errors}` : null;
    await client.query(
      `UPDATE ferry.migration_runs SET state = $2, step = $3, updated_at = now(), error = COALESCE($4, error),
              finished_at = CASE WHEN $2 IN ('completed', 'failed') THEN now() ELSE finished_at END WHERE id = $1`,
      [runId, next, step, error],
    );
    return { state: next, changed: true };
  });
  if (outcome.changed) await recordRunEvent(db, runId, outcome.state === 'failed' ? 'error' : 'info', `Run ${outcome.state}.`);
  // A completed run is validated at once (in the background); its verdict shows on Overview, Runs and Status.
  if (outcome.changed && outcome.state === 'completed') {
    await requestValidation(db, { runId, actor: 'ferry (run completed)', trigger: 'auto' })
      .then(({ validationId }) => recordRunEvent(db, runId, 'info', `Validation ${validationId} started.`))
      .catch((error: unknown) => recordRunEvent(db, runId, 'warn', `Could not start the validation: ${(error as Error).message}`).catch(() => undefined));
  }
  if ((LOADING_RUN_STATES as readonly RunState[]).includes(outcome.state)) await enqueueReadyCollections(db, runId);
  return outcome.state;
}
