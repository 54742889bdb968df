import type { Db } from '../../db/pool';
import type { LoadProgress } from '../load-collection';
import { LOADING_RUN_STATES } from '../../../shared/run-states';

const SAMPLE_EVERY_MS = 1000;
const STATE_EVERY_MS = 250;
const COUNTERS_EVERY_MS = 250;

/**
 * What a collection load tells the rest of Ferry: its counters after every batch (the Runs page and
 * GET /api/migration/progress read them), a throughput sample about once a second, and — asked between
 * batches — whether the run is pausing (read from the database at most four times a second).
 */
export function createProgressReporter(db: Db, runId: string, collection: string) {
  let lastSample = 0;
  let lastStateCheck = 0;
  let lastCounters = 0;
  let stop = false;
  return {
    /** Counters at most four times a second (and always with `final`), a sample about once a second. */
    async report(progress: LoadProgress, final = false): Promise<void> {
      const now = Date.now();
      if (!final && now - lastCounters < COUNTERS_EVERY_MS) return;
      lastCounters = now;
      await db.query(
        `UPDATE ferry.run_collections SET processed = $3, migrated = $4, quarantined = $5 WHERE run_id = $1 AND collection = $2`,
        [runId, collection, progress.migrated + progress.quarantined, progress.migrated, progress.quarantined],
      );
      await db.query(`UPDATE ferry.migration_runs SET updated_at = now(), step = $2 WHERE id = $1 AND state IN ('running', 'pausing')`, [runId, `loading ${collection}`]);
      if (final || now - lastSample >= SAMPLE_EVERY_MS) {
        lastSample = now;
        await db.query(
          `INSERT INTO ferry.run_samples (run_id, processed) SELECT $1, COALESCE(sum(processed), 0) FROM ferry.run_collections WHERE run_id = $1 ON CONFLICT DO NOTHING`,
          [runId],
        );
      }
    },
    async shouldStop(): Promise<boolean> {
      const now = Date.now();
      if (stop || now - lastStateCheck < STATE_EVERY_MS) return stop;
      lastStateCheck = now;
      const { rows } = await db.query<{ state: string }>(`SELECT state FROM ferry.migration_runs WHERE id = $1`, [runId]);
      stop = !(LOADING_RUN_STATES as readonly string[]).includes(rows[0]?.state ?? '');
      return stop;
    },
  };
}
