import type { Db } from '../db/pool';
import type { Logger } from '../log/logger';
import { enqueueReadyCollections } from '../migration/runs/advance-run';
import { recordRunEvent } from '../migration/runs/run-events';
import { bumpGeneration } from './target-generation';

/**
 * A verified snapshot lets the run it protects load: `snapshotting → queued` (only from snapshotting —
 * a run paused meanwhile stays paused and is resumed by a start), the target generation moves on (the
 * run is about to change the target), and the ready collections are queued. Idempotent.
 */
export async function releaseProtectedRun(db: Db, snapshotId: string, log: Logger): Promise<void> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE ferry.migration_runs r SET state = 'queued', step = 'queued', updated_at = now()
       FROM ferry.snapshots s
      WHERE s.id = $1 AND s.state = 'verified' AND r.id = s.protects_run_id AND r.state = 'snapshotting'
      RETURNING r.id`,
    [snapshotId],
  );
  const runId = rows[0]?.id;
  if (!runId) return;
  await bumpGeneration(db, 'ferry');
  await recordRunEvent(db, runId, 'info', `Rollback snapshot ${snapshotId} verified; loading starts.`);
  log.info({ runId, snapshotId }, 'snapshot verified; run queued');
  await enqueueReadyCollections(db, runId);
}

/** A snapshot that failed fails the run waiting for it (nothing was loaded), with the reason. */
export async function failProtectedRun(db: Db, snapshotId: string, reason: string): Promise<void> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE ferry.migration_runs r SET state = 'failed', step = 'the rollback snapshot failed', error = $2, finished_at = now(), updated_at = now()
       FROM ferry.snapshots s
      WHERE s.id = $1 AND r.id = s.protects_run_id AND r.state = 'snapshotting'
      RETURNING r.id`,
    [snapshotId, `The rollback snapshot failed, so nothing was loaded: ${reason}`],
  );
  const runId = rows[0]?.id;
  if (runId) await recordRunEvent(db, runId, 'error', `Rollback snapshot ${snapshotId} failed: ${reason}`);
}

/** Shows a snapshot's progress as the step of the run waiting for it. */
export async function showSnapshotStep(db: Db, snapshotId: string, step: string): Promise<void> {
  await db.query(
    `UPDATE ferry.migration_runs r SET step = $2, updated_at = now() FROM ferry.snapshots s
      WHERE s.id = $1 AND r.id = s.protects_run_id AND r.state = 'snapshotting'`,
    [snapshotId, step],
  );
}
