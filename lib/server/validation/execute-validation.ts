import { locks, tryLock, unlock } from '../db/advisory-locks';
import { classifyPgError } from '../db/pg-errors';
import type { Db } from '../db/pool';
import type { Logger } from '../log/logger';
import type { MappingConfig } from '../mapping/mapping-schema';
import { migrationSource } from '../migration/migration-source';
import type { ValidationReport } from '../../shared/contracts/validation';
import type { RunCollection } from './check-collection';
import { runValidation } from './run-validation';

/** One job of the `validation` kind. */
export type ValidationJobData = { validationId: string };

/** Attempts after which a validation that keeps being interrupted is given up (failed, with the last error). */
const MAX_ATTEMPTS = 5;

/** The validation block of the current mapping file (validation settings are read when validating), else the run's. */
function validationBlock(runMapping: MappingConfig): MappingConfig['validation'] {
  try {
    return migrationSource().mapping.config.validation ?? runMapping.validation;
  } catch {
    return runMapping.validation;
  }
}

/** Marks a validation failed, with a report whose one critical issue says why (so `overall` is false, never absent). */
export async function failValidation(db: Db, id: string, message: string): Promise<void> {
  const report: ValidationReport = {
    overall: false,
    criticalIssues: [{ check: 'validation', severity: 'critical', message: `The validation could not finish: ${message}` }],
    warnings: [], info: [], recommendations: ['Fix the cause and validate again.'],
  };
  await db.query(
    `UPDATE ferry.validations SET state = 'failed', step = 'failed', error = $2, report = $3, critical = 1, warnings = 0, info = 0, finished_at = now(), updated_at = now()
      WHERE id = $1 AND state = 'running'`,
    [id, message.slice(0, 2000), JSON.stringify(report)],
  );
}

/**
 * Runs (or resumes) one validation. Only the worker holding the validation's advisory lock works on it
 * (a session lock: it dies with a crashed worker, and the reaper then queues the validation again); any
 * other copy of the job returns. State is re-read under the lock. Passing trouble (a lost connection)
 * is rethrown so the job is retried and resumes after its recorded steps; anything else fails the
 * validation with the reason, as does a validation interrupted more than MAX_ATTEMPTS times.
 */
export async function executeValidation(db: Db, job: ValidationJobData, log: Logger): Promise<void> {
  const session = await db.connect();
  try {
    const lock = locks.validation(job.validationId);
    if (!(await tryLock(session, lock))) return;
    try {
      await runLocked(db, job.validationId, log.child({ validationId: job.validationId }));
    } finally {
      await unlock(session, lock).catch(() => undefined);
    }
  } finally {
    session.release();
  }
}

type Row = { runId: string; state: string; attempts: number; total: string; startedAt: Date; settings: { mapping: { config: MappingConfig } } };

async function runLocked(db: Db, id: string, log: Logger): Promise<void> {
  const found = await db.query<Row>(
    `UPDATE ferry.validations v SET attempts = v.attempts + 1, started_at = COALESCE(v.started_at, now()), updated_at = now()
       FROM ferry.migration_runs r WHERE v.id = $1 AND r.id = v.run_id AND v.state = 'running'
     RETURNING v.run_id AS "runId", v.state, v.attempts, v.total, v.started_at AS "startedAt", r.settings`,
    [id],
  );
  const row = found.rows[0];
  if (!row) return;
  if (row.attempts > MAX_ATTEMPTS) {
    await failValidation(db, id, `interrupted ${MAX_ATTEMPTS} times; see the worker logs`);
    return;
  }
  const collections = await db.query<RunCollection>(
    `SELECT collection, file, mapping AS target, fingerprint, stats, final_lines AS "finalLines" FROM ferry.run_collections WHERE run_id = $1 ORDER BY position`, [row.runId]);
  const mapping = row.settings.mapping.config;
  try {
    await runValidation(db, {
      id, runId: row.runId, total: Number(row.total), startedAt: new Date(row.startedAt), mapping, validationBlock: validationBlock(mapping), collections: collections.rows,
    }, log);
  } catch (error) {
    const { kind } = classifyPgError(error);
    if (kind === 'connection_lost' || kind === 'unavailable' || kind === 'retryable') {
      log.warn({ err: error }, 'validation interrupted; it resumes after its last completed step');
      throw error;
    }
    log.error({ err: error }, 'validation failed');
    await failValidation(db, id, (error as Error).message);
  }
}
