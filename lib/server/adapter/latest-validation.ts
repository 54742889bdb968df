import type { Db } from '../db/pool';
import { unlessUndefinedTable } from '../db/pg-errors';

/** The latest validation's verdict, as the promotion gate and the status page need it. */
export type LatestValidation = {
  /** `running` while it works; `passed` / `failed` (critical issues found) when done; `error` when it could not finish. */
  state: 'running' | 'passed' | 'failed' | 'error';
  critical: number;
  warnings: number;
  info: number;
  /** When it finished (or started, while running). */
  at: string | null;
};

type Row = Record<string, unknown>;

function numberOf(row: Row, ...keys: string[]): number {
  for (const key of keys) if (row[key] !== undefined && row[key] !== null) return Number(row[key]) || 0;
  return 0;
}

function stateOf(row: Row, critical: number): LatestValidation['state'] {
  const state = String(row.state ?? row.status ?? '');
  if (['queued', 'running', 'pending', 'validating'].includes(state)) return 'running';
  if (['failed', 'error', 'errored', 'cancelled'].includes(state) && row.overall === undefined && row.passed === undefined) return 'error';
  if (row.overall === false || row.passed === false || critical > 0) return 'failed';
  return 'passed';
}

/**
 * The newest validation (issue 8's `ferry.validations`), or null when none exists — or when that table
 * does not exist yet (its console migration not applied); any other error is thrown, never read as
 * "no validation".
 */
export async function readLatestValidation(db: Db): Promise<LatestValidation | null> {
  return unlessUndefinedTable(async () => {
    const { rows } = await db.query<{ row: Row }>(
      `SELECT to_jsonb(v) AS row FROM ferry.validations v
        ORDER BY COALESCE(to_jsonb(v)->>'created_at', to_jsonb(v)->>'started_at', to_jsonb(v)->>'queued_at') DESC NULLS LAST LIMIT 1`,
    );
    const row = rows[0]?.row;
    if (!row) return null;
    const critical = numberOf(row, 'critical', 'critical_count', 'critical_issues');
    const state = stateOf(row, critical);
    const at = (row.finished_at ?? row.started_at ?? row.created_at ?? null) as string | null;
    return { state, critical, warnings: numberOf(row, 'warnings', 'warning_count'), info: numberOf(row, 'info', 'info_count'), at: at ? new Date(at).toISOString() : null };
  }, null);
}
