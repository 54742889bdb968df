import type { Db } from '../db/pool';
import { AppError } from '../../shared/errors';
import { isUuid } from '../../shared/uuid';
import type { ValidationDetail } from '../../shared/contracts/validation';
import { iso, progressOf, VALIDATION_COLUMNS, type ValidationRow } from './validation-row';

/**
 * `GET /api/migration/validations/<id>`: a validation with exactly the issue's fields — its progress
 * while it runs, and seed 004's report (`overall`, `criticalIssues`, `warnings`, `info`,
 * `recommendations`) once it completed (`overall` is null and the lists empty before).
 * @throws AppError `not_found` for an unknown or malformed id.
 */
export async function getValidation(db: Db, id: string): Promise<ValidationDetail> {
  if (!isUuid(id)) throw new AppError('not_found', 'No such validation.');
  const { rows } = await db.query<ValidationRow>(`SELECT ${VALIDATION_COLUMNS}, v.report FROM ferry.validations v WHERE v.id = $1`, [id]);
  const row = rows[0];
  if (!row) throw new AppError('not_found', 'No such validation.');
  const report = row.state === 'running' ? null : row.report ?? null;
  return {
    id: row.id, runId: row.runId, state: row.state, progress: progressOf(row), startedAt: iso(row.startedAt), finishedAt: iso(row.finishedAt),
    overall: report ? report.overall : null,
    criticalIssues: report?.criticalIssues ?? [],
    warnings: report?.warnings ?? [],
    info: report?.info ?? [],
    recommendations: report?.recommendations ?? [],
  };
}
