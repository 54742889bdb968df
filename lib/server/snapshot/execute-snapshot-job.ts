import { locks, tryLock, unlock } from '../db/advisory-locks';
import { isDatabaseUnavailable } from '../db/pg-errors';
import type { Db } from '../db/pool';
import type { Logger } from '../log/logger';
import { ensureEngineTables } from '../migration/target-tables/target-tables';
import type { SnapshotProgress, SnapshotState } from '../../shared/contracts/snapshots';
import type { SnapshotJob } from './create-snapshot';
import { openSnapshot } from './open-snapshot';
import { failProtectedRun, releaseProtectedRun, showSnapshotStep } from './protect-run';
import { rehearseSnapshot } from './rehearse-snapshot';
import { snapshotKey } from './snapshot-key';
import { snapshotRoot } from './snapshot-paths';
import { writeSnapshot } from './write-snapshot';

/** After this many interrupted attempts a snapshot is failed instead of tried again. */
export const MAX_SNAPSHOT_ATTEMPTS = 3;
const PROGRESS_EVERY_MS = 500;

type Row = { state: SnapshotState; attempts: number; legacyDir: string; tables: string[] };

/** Records progress at most twice a second (and always when `force`), on the snapshot and its waiting run. */
function progressRecorder(db: Db, snapshotId: string) {
  let last = 0;
  let pending: Promise<unknown> = Promise.resolve();
  return (progress: SnapshotProgress, force = false) => {
    const now = Date.now();
    if (!force && now - last < PROGRESS_EVERY_MS) return pending;
    last = now;
    const step = `taking the rollback snapshot: ${progress.step}, ${progress.tablesDone}/${progress.tables} tables, ${progress.rows.toLocaleString('en-US')} rows`;
    pending = pending.then(() => Promise.all([
      db.query(`UPDATE ferry.snapshots SET progress = $2 WHERE id = $1`, [snapshotId, JSON.stringify(progress)]),
      showSnapshotStep(db, snapshotId, step),
    ])).catch(() => undefined);
    return pending;
  };
}

async function takeSnapshot(db: Db, snapshotId: string, row: Row, log: Logger): Promise<void> {
  const key = snapshotKey();
  // The document tables every run writes exist before any run: a snapshot must cover them (empty).
  await ensureEngineTables(db);
  const root = snapshotRoot();
  const record = progressRecorder(db, snapshotId);
  const written = await writeSnapshot({
    db, snapshotId, key, root, tables: row.tables, legacyDir: row.legacyDir,
    onProgress: (p) => void record({ ...p }),
  });
  const { manifest } = written;
  const tableSummary = manifest.tables.map((t) => ({ name: t.name, rows: t.rows, checksum: t.checksum }));
  const rows = tableSummary.reduce((sum, t) => sum + t.rows, 0);
  await record({ step: 'restore rehearsal', tables: manifest.tables.length, tablesDone: 0, rows: 0, bytes: written.bytes }, true);
  await db.query(
    `UPDATE ferry.snapshots SET state = 'verifying', bytes = $2, manifest_bytes = $3, tables = $4, generation = $5, schema_fingerprint = $6, key_id = $7 WHERE id = $1`,
    [snapshotId, written.bytes, written.manifestBytes, JSON.stringify(tableSummary), manifest.generation, manifest.schemaFingerprint, key.id],
  );
  const opened = await openSnapshot(root, snapshotId, key, written.manifestBytes);
  await rehearseSnapshot(db, opened, key, (p) => void record({ step: 'restore rehearsal', tables: manifest.tables.length, tablesDone: p.tablesDone, rows: p.rows, bytes: written.bytes }));
  await record({ step: 'verified', tables: manifest.tables.length, tablesDone: manifest.tables.length, rows, bytes: written.bytes }, true);
  await db.query(`UPDATE ferry.snapshots SET state = 'verified', finished_at = now(), error = NULL WHERE id = $1`, [snapshotId]);
  log.info({ snapshotId, rows, bytes: written.bytes }, 'snapshot verified');
}

/**
 * Runs one snapshot job: only the holder of the snapshot's lock works (a duplicate job returns); an
 * interrupted snapshot starts over. Writes the encrypted files, rehearses the restore, marks it
 * `verified` and lets the run it protects load; a failure marks it `failed` with the reason (and fails
 * the waiting run). A lost database connection is rethrown so the job is retried.
 */
export async function executeSnapshotJob(db: Db, job: SnapshotJob, log: Logger): Promise<void> {
  const session = await db.connect();
  const lock = locks.snapshot(job.snapshotId);
  try {
    if (!(await tryLock(session, lock))) return;
    try {
      const { rows } = await db.query<Row>(
        `UPDATE ferry.snapshots SET attempts = attempts + 1, started_at = COALESCE(started_at, now()), state = 'creating'
          WHERE id = $1 AND state IN ('creating', 'verifying')
          RETURNING state, attempts, legacy_dir AS "legacyDir", scope_tables AS tables`,
        [job.snapshotId],
      );
      const row = rows[0];
      if (!row) {
        await releaseProtectedRun(db, job.snapshotId, log); // a duplicate after success: finish what may be left
        return;
      }
      try {
        if (row.attempts > MAX_SNAPSHOT_ATTEMPTS) throw new Error(`Interrupted ${row.attempts - 1} times; giving up.`);
        await takeSnapshot(db, job.snapshotId, row, log.child({ snapshotId: job.snapshotId }));
        await releaseProtectedRun(db, job.snapshotId, log);
      } catch (error) {
        if (isDatabaseUnavailable(error)) throw error;
        const message = (error as Error).message;
        log.warn({ err: error, snapshotId: job.snapshotId }, 'snapshot failed');
        await db.query(`UPDATE ferry.snapshots SET state = 'failed', error = $2, finished_at = now() WHERE id = $1`, [job.snapshotId, message]);
        await failProtectedRun(db, job.snapshotId, message);
      }
    } finally {
      await unlock(session, lock).catch(() => undefined);
    }
  } finally {
    session.release();
  }
}
