import { AppError } from '../../shared/errors';
import type { Queryable } from './target-generation';

/**
 * Whether a run's own rollback snapshot is `verified`, still being taken (`pending`), or missing
 * (`none`: it failed before anything was loaded, so a new one may be taken).
 * @throws AppError `conflict` when a run that already loaded rows has no verified snapshot (resuming it
 *   would load more rows that nothing could undo).
 */
export async function protectionOf(q: Queryable, runId: string): Promise<'verified' | 'pending' | 'none'> {
  const { rows } = await q.query<{ verified: boolean; pending: boolean; loaded: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ferry.snapshots WHERE protects_run_id = $1 AND state = 'verified') AS verified,
            EXISTS (SELECT 1 FROM ferry.snapshots WHERE protects_run_id = $1 AND state IN ('creating', 'verifying')) AS pending,
            EXISTS (SELECT 1 FROM ferry.migration_runs WHERE id = $1 AND started_at IS NOT NULL) AS loaded`,
    [runId],
  );
  const row = rows[0];
  if (row?.verified) return 'verified';
  if (row?.pending) return 'pending';
  if (row?.loaded) throw new AppError('conflict', `Run ${runId} has loaded rows but no verified rollback snapshot protects it any more; it cannot be resumed safely.`, { details: { runId } });
  return 'none';
}

/**
 * @throws AppError `conflict` while a rollback is running (nothing may load into the target meanwhile).
 */
export async function refuseDuringRollback(q: Queryable): Promise<void> {
  const { rows } = await q.query<{ id: string }>(`SELECT id FROM ferry.rollbacks WHERE state = 'running' LIMIT 1`);
  if (rows[0]) throw new AppError('conflict', `Rollback ${rows[0].id} is running; start again once it has finished.`, { details: { rollbackId: rows[0].id } });
}
