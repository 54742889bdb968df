import type { Db } from '../../db/pool';
import { unlessUndefinedTable } from '../../db/pg-errors';
import { quoteIdent } from '../../db/sql';
import type { CollectionTarget } from '../../mapping/resolve-targets';
import type { PlanIssue } from '../../../shared/contracts/plan';
import type { RunState } from '../../../shared/run-states';

const ROLLED_BACK: RunState = 'rolled_back';

const TYPED_SYSTEM_COLUMNS = ['tenant_id', 'id', 'legacy_id', 'extra'];

/** Blockers about the target database: typed tables and columns the mapping needs but that do not exist. */
export async function checkTypedTables(db: Db, targets: CollectionTarget[]): Promise<PlanIssue[]> {
  const typed = targets.filter((t) => t.kind === 'typed');
  if (typed.length === 0) return [];
  const { rows } = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ANY($1)`,
    [typed.map((t) => t.table)],
  );
  const columns = new Map<string, Set<string>>();
  for (const row of rows) columns.set(row.table_name, (columns.get(row.table_name) ?? new Set()).add(row.column_name));
  const issues: PlanIssue[] = [];
  for (const target of typed) {
    const present = columns.get(target.table);
    if (!present) {
      issues.push({ code: 'target_table_missing', collection: target.collection, message: `Table ${target.table} does not exist in the target database.`, recommendation: 'Apply the schema migrations (Schema page, or npm run db:migrate), or change the mapping.' });
      continue;
    }
    const missing = [...TYPED_SYSTEM_COLUMNS, ...Object.keys(target.columns)].filter((c) => !present.has(c));
    if (missing.length > 0) {
      issues.push({ code: 'target_columns_missing', collection: target.collection, message: `Table ${target.table} has no column(s) ${missing.join(', ')}.`, recommendation: 'Fix the mapping file, or add the columns with a schema migration.' });
    }
  }
  return issues;
}

/**
 * A blocker when the target still holds rows of an earlier run that was not rolled back: loading again
 * would meet the same deterministic ids. Document tables count only rows of Ferry runs that were not
 * rolled back (rows other applications wrote, or rows with a run id Ferry does not know, stay and are
 * kept by a rollback); typed tables count every row with a legacy id.
 */
export async function checkPreviousRun(db: Db, typedTables: string[]): Promise<PlanIssue[]> {
  const { rows } = await db.query<{ exists: string | null }>(`SELECT to_regclass('public.app_documents')::text AS exists`);
  if (!rows[0]?.exists) return [];
  const tables = ['app_documents', 'admin_documents', ...new Set(typedTables)];
  const probe = (table: string) => table.endsWith('_documents')
    ? `SELECT 1 FROM ferry.migration_runs r WHERE r.state <> $1 AND EXISTS (SELECT 1 FROM ${quoteIdent(table)} d WHERE d.run_id = r.id) LIMIT 1`
    : `SELECT 1 FROM ${quoteIdent(table)} WHERE legacy_id IS NOT NULL LIMIT 1`;
  const params = (table: string) => (table.endsWith('_documents') ? [ROLLED_BACK] : []);
  // A typed table that does not exist yet holds nothing (its absence is reported by checkTypedTables).
  const checks = await Promise.all(tables.map((table) => unlessUndefinedTable(() => db.query(probe(table), params(table)).then((r) => (r.rowCount ? table : null)), null)));
  const occupied = checks.filter((t): t is string => t !== null);
  if (occupied.length === 0) return [];
  return [{ code: 'target_not_empty', message: `The target already holds migrated rows (${occupied.join(', ')}) from an earlier run.`, recommendation: 'Roll that run back before migrating again.' }];
}
