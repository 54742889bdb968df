import type { Db } from '../db/pool';
import { getSharedProgress } from '../migration/runs/get-progress';
import type { DetailedHealth } from '../../shared/contracts/health';
import { LOADING_RUN_STATES, type RunState } from '../../shared/run-states';

/** The newest run: state, counts, the current rate, and how long it has been loading (null unless it loads). */
export async function readLastRun(db: Db): Promise<DetailedHealth['lastRun']> {
  const { rows } = await db.query<{ id: string; state: RunState; createdAt: Date; startedAt: Date | null; finishedAt: Date | null; loading: number | null }>(
    `SELECT id, state, created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt",
            extract(epoch FROM now() - COALESCE(started_at, created_at))::float8 AS loading
       FROM ferry.migration_runs ORDER BY created_at DESC LIMIT 1`,
  );
  const run = rows[0];
  if (!run) return null;
  const progress = await getSharedProgress(db, run.id);
  const isLoading = (LOADING_RUN_STATES as readonly RunState[]).includes(run.state);
  return {
    state: run.state,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    processed: progress.processed,
    total: progress.total,
    rowsPerSecond: progress.rowsPerSecond,
    loadingSeconds: isLoading && run.loading !== null ? Math.round(run.loading) : null,
  };
}
