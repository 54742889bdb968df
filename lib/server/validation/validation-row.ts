import type { ValidationProgress, ValidationReport, ValidationState, ValidationSummary } from '../../shared/contracts/validation';

/** The columns every read of `ferry.validations` selects. */
export const VALIDATION_COLUMNS = `v.id, v.run_id AS "runId", v.state, v.trigger, v.requested_by AS "requestedBy", v.step, v.error,
  v.created_at AS "createdAt", v.started_at AS "startedAt", v.finished_at AS "finishedAt",
  v.checked::float8 AS checked, v.total::float8 AS total, v.critical, v.warnings, v.info`;

export type ValidationRow = {
  id: string; runId: string; state: ValidationState; trigger: 'manual' | 'auto'; requestedBy: string; step: string; error: string | null;
  createdAt: Date; startedAt: Date | null; finishedAt: Date | null; checked: number; total: number;
  critical: number | null; warnings: number | null; info: number | null; report?: ValidationReport | null;
};

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** Progress from the row: exact counts, the percentage to one decimal (100 once completed). */
export function progressOf(row: ValidationRow): ValidationProgress {
  const total = row.total;
  const checked = row.state === 'completed' ? total : Math.min(row.checked, total);
  const percentage = row.state === 'completed' ? 100 : total === 0 ? 0 : Math.floor((checked / total) * 1000) / 10;
  return { checked, total, percentage };
}

export function toSummary(row: ValidationRow): ValidationSummary {
  const done = row.state !== 'running';
  return {
    id: row.id, runId: row.runId, state: row.state, progress: progressOf(row), step: row.step, trigger: row.trigger, requestedBy: row.requestedBy,
    createdAt: iso(row.createdAt) as string, startedAt: iso(row.startedAt), finishedAt: iso(row.finishedAt),
    overall: done ? (row.critical ?? 0) === 0 && row.state === 'completed' : null,
    counts: done ? { critical: row.critical ?? 0, warnings: row.warnings ?? 0, info: row.info ?? 0 } : null,
    error: row.error,
  };
}

export { iso };
