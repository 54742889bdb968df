import type { Db } from '../../db/pool';
import { unlessUndefinedTable } from '../../db/pg-errors';
import { quoteIdent } from '../../db/sql';
import type { MigrationStatus, RunState, RunSummary } from '../../../shared/contracts/migration';
import { isActiveState } from '../../../shared/run-states';
import { buildPlan } from '../plan/build-plan';
import type { MigrationSource } from '../migration-source';

type SummaryRow = { id: string; state: RunState; createdAt: string; createdBy: string; finishedAt: string | null; processed: string; total: string };

function toSummary(row: SummaryRow | undefined): RunSummary | null {
  if (!row) return null;
  return { runId: row.id, state: row.state, createdAt: new Date(row.createdAt).toISOString(), createdBy: row.createdBy, finishedAt: row.finishedAt ? new Date(row.finishedAt).toISOString() : null, processed: Number(row.processed), total: Number(row.total) };
}

/** Rows Ferry put in the new store: the document tables plus legacy rows of the typed tables. */
async function countNewRecords(db: Db, typedTables: string[]): Promise<number> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('public.app_documents')::text AS t`);
  if (!exists.rows[0]?.t) return 0;
  const parts = ['SELECT count(*) FROM app_documents', 'SELECT count(*) FROM admin_documents', ...typedTables.map((t) => `SELECT count(*) FROM ${quoteIdent(t)} WHERE legacy_id IS NOT NULL`)];
  // A typed table the schema does not have (yet) holds nothing Ferry put there.
  const count = async () => (await db.query<{ n: string }>(`SELECT (${parts.map((p) => `(${p})`).join(' + ')})::bigint AS n`)).rows[0]?.n ?? '0';
  return Number(await unlessUndefinedTable(count, '0'));
}

/**
 * `GET /api/migration/status`: which store reads go to (the query adapter's mode), the active and the
 * last finished run, and how many records each store holds. Legacy counts come from the (cached) plan.
 */
export async function getMigrationStatus(db: Db, source: MigrationSource): Promise<MigrationStatus> {
  const runs = await db.query<SummaryRow>(
    `SELECT r.id, r.state, r.created_at::text AS "createdAt", r.created_by AS "createdBy", r.finished_at::text AS "finishedAt",
            COALESCE(sum(c.processed), 0) AS processed, COALESCE(sum(c.total), 0) AS total
       FROM ferry.migration_runs r LEFT JOIN ferry.run_collections c ON c.run_id = r.id
      GROUP BY r.id ORDER BY r.created_at DESC LIMIT 20`,
  );
  const active = runs.rows.find((r) => isActiveState(r.state));
  const last = runs.rows.find((r) => !isActiveState(r.state));
  const mode = await db.query<{ value: MigrationStatus['mode'] }>(`SELECT value #>> '{}' AS value FROM ferry.settings WHERE key = 'adapter_mode'`);
  // Pass 1 only (cached per file): the status page polls this; the full analysis is the Plan's.
  const { plan, targets } = await buildPlan({ db, legacyDir: source.legacyDir, mapping: source.mapping, depth: 'scan' });
  return {
    mode: mode.rows[0]?.value ?? 'legacy',
    activeRun: toSummary(active),
    lastRun: toSummary(last),
    legacy: { collections: plan.totals.collections, records: plan.totals.records },
    new: { records: await countNewRecords(db, targets.filter((t) => t.kind === 'typed').map((t) => t.table)) },
  };
}
