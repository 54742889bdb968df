import type { Db } from '../../db/pool';
import type { Logger } from '../../log/logger';
import type { CollectionTarget } from '../../mapping/resolve-targets';
import type { MappingConfig } from '../../mapping/mapping-schema';
import { loadCollection, type LoadProgress } from '../load-collection';
import { readTenantNames } from '../tenant-names';
import { decodeStoredScan, storeScan, type StoredScanStats } from '../stored-scan';
import { scanCollection } from '../../legacy/scan-collection';
import { identityOf } from '../../legacy/open-legacy-file';
import type { CollectionScan } from '../../legacy/types';
import { AppError } from '../../../shared/errors';
import { LOADING_RUN_STATES } from '../../../shared/run-states';
import { locks, tryLock, unlock } from '../../db/advisory-locks';
import { classifyPgError } from '../../db/pg-errors';
import { checkAccounting } from './accounting';
import { advanceRun } from './advance-run';
import { recordRunEvent } from './run-events';
import { createProgressReporter } from './progress-reporter';

/** One job of the `collection` kind: load one collection of one run. */
export type CollectionJob = { runId: string; collection: string };

type JobRow = {
  state: string; createdAt: string; settings: { mapping: { config: MappingConfig }; batchSize?: number }; legacyDir: string;
  collectionState: string; file: string; target: CollectionTarget; fingerprint: CollectionScan['fingerprint']; stats: StoredScanStats | null; finalLines: Buffer | null;
};

/**
 * Runs one collection job. Only the worker holding the collection's advisory lock (a session lock, so a
 * crashed worker's lock vanishes with its connection) does the work; any other copy of the job returns.
 * The load resumes from the committed checkpoints, pauses when the run is pausing, and hands the run to
 * `advanceRun` when it ends. Data problems fail the collection (and so the run) with the reason; other
 * errors (a lost connection) are rethrown so pg-boss retries the job.
 */
export async function executeCollectionJob(db: Db, job: CollectionJob, log: Logger, batchSize?: number): Promise<void> {
  const session = await db.connect();
  try {
    const lock = locks.collection(job.runId, job.collection);
    if (!(await tryLock(session, lock))) return;
    try {
      await runLocked(db, job, log.child({ runId: job.runId, collection: job.collection }), batchSize);
    } finally {
      await unlock(session, lock);
    }
  } finally {
    session.release();
  }
}

async function runLocked(db: Db, job: CollectionJob, log: Logger, batchSize?: number): Promise<void> {
  const found = await db.query<JobRow>(
    `SELECT r.state, r.created_at::text AS "createdAt", r.settings, r.legacy_dir AS "legacyDir", c.state AS "collectionState", c.file, c.mapping AS target, c.fingerprint, c.stats, c.final_lines AS "finalLines"
       FROM ferry.migration_runs r JOIN ferry.run_collections c ON c.run_id = r.id WHERE r.id = $1 AND c.collection = $2`,
    [job.runId, job.collection],
  );
  const row = found.rows[0];
  if (!row || ['completed', 'failed'].includes(row.collectionState)) return;
  if (row.state === 'pausing' || row.state === 'paused') {
    await db.query(`UPDATE ferry.run_collections SET state = 'paused' WHERE run_id = $1 AND collection = $2 AND state IN ('pending', 'running')`, [job.runId, job.collection]);
    await advanceRun(db, job.runId);
    return;
  }
  if (!(LOADING_RUN_STATES as readonly string[]).includes(row.state)) return;

  // Claim the collection: pending (queued for this job) or running (its loader died; this job holds
  // the lock now). A paused or finished collection belongs to no job.
  const claimed = await db.query(
    `UPDATE ferry.run_collections SET state = 'running', started_at = COALESCE(started_at, now()) WHERE run_id = $1 AND collection = $2 AND state IN ('pending', 'running')`,
    [job.runId, job.collection],
  );
  if (!claimed.rowCount) return;
  await db.query(`UPDATE ferry.migration_runs SET state = 'running', started_at = COALESCE(started_at, now()), step = $2, updated_at = now() WHERE id = $1 AND state = 'queued'`, [job.runId, `loading ${job.collection}`]);
  await recordRunEvent(db, job.runId, 'info', `Loading ${job.collection} into ${row.target.table}.`, { collection: job.collection });
  const reporter = createProgressReporter(db, job.runId, job.collection);
  const config = row.settings.mapping.config;
  try {
    const scan = decodeStoredScan(row.stats, row.finalLines, row.fingerprint) ?? (await scanForRun(db, job, row.file, row.fingerprint));
    const result = await loadCollection({
      db, runId: job.runId, runTime: new Date(row.createdAt).toISOString(), file: row.file, target: row.target,
      fingerprint: row.fingerprint, scan, withoutTenant: config.withoutTenant, tenantNames: await readTenantNames(row.legacyDir, config),
      batchSize: row.settings.batchSize ?? batchSize, log,
      shouldStop: reporter.shouldStop,
      onProgress: (progress: LoadProgress, final?: boolean) => reporter.report(progress, final),
    });
    // A stopped load is paused only if the run still is; if it was resumed meanwhile, it is pending
    // again (and queued by advanceRun), so no collection is left paused inside a running run.
    await db.query(
      `UPDATE ferry.run_collections c
          SET state = CASE WHEN $3 = 'completed' THEN 'completed' WHEN r.state IN ('pausing', 'paused') THEN 'paused' ELSE 'pending' END,
              finished_at = CASE WHEN $3 = 'completed' THEN now() END, queued_at = NULL
         FROM ferry.migration_runs r
        WHERE r.id = c.run_id AND c.run_id = $1 AND c.collection = $2 AND c.state = 'running'`,
      [job.runId, job.collection, result],
    );
    await recordRunEvent(db, job.runId, 'info', result === 'completed' ? `Loaded ${job.collection}.` : `Paused ${job.collection} at a batch boundary.`, { collection: job.collection });
    if (result === 'completed') await checkAccounting(db, job.runId, job.collection);
  } catch (error) {
    if (!isCollectionProblem(error)) {
      log.warn({ err: error }, 'collection job interrupted; it will be retried');
      await recordRunEvent(db, job.runId, 'warn', `${job.collection} interrupted (${(error as Error).message}); it resumes from its last checkpoint.`, { collection: job.collection }).catch(() => undefined);
      throw error;
    }
    // The other collections go on; the run ends `failed` once none is left to load (advanceRun).
    const message = (error as Error).message;
    await db.query(`UPDATE ferry.run_collections SET state = 'failed', error = $3 WHERE run_id = $1 AND collection = $2 AND state = 'running'`, [job.runId, job.collection, message]);
    await recordRunEvent(db, job.runId, 'error', `${job.collection} failed: ${message}`, { collection: job.collection });
  }
  await advanceRun(db, job.runId);
}

/**
 * True for failures that retrying the job cannot fix — the legacy file changed, the data or the target's
 * schema refuses the rows — so the collection fails with the reason; false for passing trouble (a lost
 * connection, a deadlock), which pg-boss retries from the last checkpoint.
 */
function isCollectionProblem(error: unknown): boolean {
  if (error instanceof AppError) return error.code === 'conflict' || error.code === 'not_found' || error.code === 'bad_request';
  const { kind } = classifyPgError(error);
  return ['data_refused', 'unique_violation', 'undefined_table', 'undefined_column', 'schema_mismatch', 'permission_denied', 'nile_refused'].includes(kind);
}

/**
 * Pass 1 of a collection inside its job; refuses a file that changed since the run started, or that is
 * not the inode the start listed (the reader opens it without following links, see openLegacyFile).
 */
async function scanForRun(db: Db, job: CollectionJob, file: string, fingerprint: CollectionScan['fingerprint']): Promise<CollectionScan> {
  const scan = await scanCollection(file, { identity: identityOf(fingerprint) });
  if (scan.fingerprint.bytes !== fingerprint.bytes || scan.fingerprint.mtimeMs !== fingerprint.mtimeMs) {
    throw new AppError('conflict', `${file} changed since the run started (size or modification time): start a new run from a fresh plan.`);
  }
  await storeScan(db, job.runId, job.collection, scan);
  return scan;
}
