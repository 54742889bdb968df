import type { Db } from '../db/pool';
import { unlessUndefinedTable } from '../db/pg-errors';
import { listRollbacks } from '../rollback/list-rollbacks';

export type LatestRollback = { state: string; scope: 'run' | 'tenant'; startedAt: string; finishedAt: string | null };

/**
 * The newest rollback, read through issue 7's own reader (`listRollbacks`), or null when there is none
 * — or when its table does not exist yet. Any other error is thrown.
 */
export async function readLatestRollback(db: Db): Promise<LatestRollback | null> {
  return unlessUndefinedTable(async () => {
    const [latest] = (await listRollbacks(db)).rollbacks;
    return latest ? { state: latest.state, scope: latest.scope === 'run' ? 'run' : 'tenant', startedAt: latest.startedAt, finishedAt: latest.finishedAt } : null;
  }, null);
}
