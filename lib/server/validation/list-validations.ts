import type { z } from 'zod';
import type { Db } from '../db/pool';
import { ValidationListQuerySchema, type ValidationList, type ValidationVerdict } from '../../shared/contracts/validation';
import { toSummary, VALIDATION_COLUMNS, type ValidationRow } from './validation-row';
import { unlessUndefinedTable } from '../db/pg-errors';

/** `GET /api/migration/validations[?runId=&limit=]`: validations, newest first (the history of reports). */
export async function listValidations(db: Db, query: z.input<typeof ValidationListQuerySchema> = {}): Promise<ValidationList> {
  const q = ValidationListQuerySchema.parse(query);
  const { rows } = await db.query<ValidationRow>(
    `SELECT ${VALIDATION_COLUMNS} FROM ferry.validations v WHERE ($1::uuid IS NULL OR v.run_id = $1) ORDER BY v.created_at DESC LIMIT $2`, [q.runId ?? null, q.limit]);
  return { validations: rows.map(toSummary) };
}

/**
 * The verdict the Overview, Runs and Status pages show: the newest validation of the run (or of any
 * run), in brief; null when there is none — or when the validations table does not exist yet.
 */
export async function latestVerdict(db: Db, runId?: string): Promise<ValidationVerdict | null> {
  return unlessUndefinedTable(async () => {
    const { rows } = await db.query<ValidationRow>(
      `SELECT ${VALIDATION_COLUMNS} FROM ferry.validations v WHERE ($1::uuid IS NULL OR v.run_id = $1) ORDER BY v.created_at DESC LIMIT 1`, [runId ?? null]);
    const row = rows[0];
    if (!row) return null;
    const summary = toSummary(row);
    return {
      validationId: summary.id, runId: summary.runId, state: summary.state, overall: summary.overall,
      critical: summary.counts?.critical ?? 0, warnings: summary.counts?.warnings ?? 0, percentage: summary.progress.percentage, finishedAt: summary.finishedAt,
    };
  }, null);
}
