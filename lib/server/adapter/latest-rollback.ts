import type { Db } from '../db/pool';
import { unlessUndefinedTable } from '../db/pg-errors';

export type LatestRollback = { state: string; scope: 'run' | 'tenant'; startedAt: string; finishedAt: string | null };

/**
 * The newest rollback (issue 7's `ferry.rollbacks`), or null when there is none — or when that table
 * does not exist yet. Any other error is thrown.
 */
export async function readLatestRollback(db: Db): Promise<LatestRollback | null> {
  return unlessUndefinedTable(async () => {
    const { rows } = await db.query<{ state: string; tenantScoped: boolean; startedAt: Date; finishedAt: Date | null }>(
      `SELECT state, tenant_id IS NOT NULL AS "tenantScoped", started_at AS "startedAt", finished_at AS "finishedAt" FROM ferry.rollbacks ORDER BY started_at DESC LIMIT 1`,
    );
    const row = rows[0];
    return row ? { state: row.state, scope: row.tenantScoped ? 'tenant' : 'run', startedAt: row.startedAt.toISOString(), finishedAt: row.finishedAt?.toISOString() ?? null } : null;
  }, null);
}
