import type { Db } from '../../db/pool';
import { withTransaction } from '../../db/transaction';
import type { RunState } from '../../../shared/contracts/migration';
import { enqueueCollections, type CollectionJob } from './queue';
import { recordRunEvent } from './run-events';

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

/**
 * Moves a run forward after one of its collections stopped, completed or failed. Under a row lock on
 * the run (so two workers finishing together agree): all collections completed → `completed`; a failed
 * collection → `failed`; pausing with nothing running → `paused`; otherwise newly unblocked collections
 * are queued. Returns the run's state.
 */
export async function advanceRun(db: Db, runId: string): Promise<RunState> {
  const outcome = await withTransaction(db, async (client) => {
    const run = await client.query<{ state: RunState }>(`SELECT state FROM ferry.migration_runs WHERE id = $1 FOR UPDATE`, [runId]);
    const state = run.rows[0]?.state;
    if (!state) return { state: 'failed' as RunState, changed: false };
    const counts = await client.query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM ferry.run_collections WHERE run_id = $1 GROUP BY state`, [runId]);
    const count = (s: string) => counts.rows.find((r) => r.state === s)?.n ?? 0;
    const total = counts.rows.reduce((sum, r) => sum + r.n, 0);
    let next: RunState = state;
    if (count('failed') > 0 && ['queued', 'running', 'pausing'].includes(state)) next = 'failed';
    else if (count('completed') === total && ['queued', 'running', 'pausing'].includes(state)) next = 'completed';
    else if (state === 'pausing' && count('running') === 0) next = 'paused';
    if (next === state) return { state, changed: false };
    const step = next === 'completed' ? 'completed' : next === 'paused' ? 'paused at a batch boundary' : 'failed';
    await client.query(
      `UPDATE ferry.migration_runs SET state = $2, step = $3, updated_at = now(), finished_at = CASE WHEN $2 IN ('completed', 'failed') THEN now() ELSE finished_at END WHERE id = $1`,
      [runId, next, step],
    );
    return { state: next, changed: true };
  });
  if (outcome.changed) await recordRunEvent(db, runId, outcome.state === 'failed' ? 'error' : 'info', `Run ${outcome.state}.`);
  if (outcome.state === 'queued' || outcome.state === 'running') await enqueueCollections(db, await readyJobs(db, runId));
  return outcome.state;
}
