import type { Db } from '../db/pool';
import { unlessUndefinedTable } from '../db/pg-errors';
import { listValidations } from '../validation/list-validations';

/** The latest validation's verdict, as the promotion gate, health and the status page need it. */
export type LatestValidation = {
  /** `running` while it works; `passed` / `failed` (critical issues found) when done; `error` when it could not finish. */
  state: 'running' | 'passed' | 'failed' | 'error';
  critical: number;
  warnings: number;
  info: number;
  /** When it finished (or started, while running). */
  at: string | null;
};

/**
 * The newest validation, read through issue 8's own reader (`listValidations`), or null when none
 * exists — or when the validations table does not exist yet (its console migration not applied); any
 * other error is thrown, never read as "no validation".
 */
export async function readLatestValidation(db: Db): Promise<LatestValidation | null> {
  return unlessUndefinedTable(async () => {
    const [latest] = (await listValidations(db, { limit: 1 })).validations;
    if (!latest) return null;
    const state: LatestValidation['state'] = latest.state === 'running' ? 'running' : latest.state === 'failed' ? 'error' : latest.overall ? 'passed' : 'failed';
    return {
      state,
      critical: latest.counts?.critical ?? 0,
      warnings: latest.counts?.warnings ?? 0,
      info: latest.counts?.info ?? 0,
      at: latest.finishedAt ?? latest.startedAt ?? latest.createdAt,
    };
  }, null);
}
