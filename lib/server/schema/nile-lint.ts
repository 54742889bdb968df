import { sortMigrations } from '../migrator/inspect';
import { recordSql } from '../migrator/record-sql';
import type { LintFinding, Migration, MigrationSet } from '../migrator/types';
import { createLintContext, type LintContext } from './lint/lint-context';
import { lintStatements } from './lint/lint-rules';

export { createLintContext, type LintContext } from './lint/lint-context';
export { lintStatements, type NileLintRule } from './lint/lint-rules';

/**
 * The Nile-compatibility linter (nile.md, "Not supported on Nile"). It reads the SQL a migration issues
 * and reports, as `error`: CREATE FUNCTION/PROCEDURE/AGGREGATE, CREATE [EVENT] TRIGGER, CREATE POLICY,
 * CREATE ROLE/USER/GROUP, a sequence on a tenant table (serial types, identity, nextval defaults,
 * sequences OWNED BY one), a foreign key from a tenant table to a shared table (other than
 * `tenant_id REFERENCES tenants`), a foreign key between tenant tables that does not match tenant_id,
 * a tenant table whose primary key does not start with tenant_id, and a tenant_id that is not
 * `uuid NOT NULL`. Warnings mark what it cannot judge (unknown tables, DO blocks, standalone sequences).
 *
 * Whether a table is tenant-aware depends on earlier migrations, so linting walks a set in id order
 * with one `LintContext` that starts from Nile's built-in tables.
 */

/** Walks `migrations` (any order; sorted by id here) and returns every finding. Throws on duplicate ids. */
export async function lintMigrationSet(migrations: Migration[]): Promise<LintFinding[]> {
  const context = createLintContext();
  const findings: LintFinding[] = [];
  for (const migration of sortMigrations(migrations)) {
    findings.push(...lintStatements(context, migration.id, await recordSql(migration, 'up')));
  }
  return findings;
}

/** The context as it stands after every migration of `migrations` that sorts before `id`. */
async function contextBefore(migrations: Migration[], id: string): Promise<LintContext> {
  const context = createLintContext();
  for (const migration of sortMigrations(migrations)) {
    if (migration.id >= id) break;
    lintStatements(context, migration.id, await recordSql(migration, 'up'));
  }
  return context;
}

/**
 * A `MigrationSet.lint` hook for `migrations`: lints the given migration against the context its
 * predecessors in the set build (applied or not), so a pending migration that references a table an
 * applied one created is judged correctly.
 */
export function createNileLint(migrations: Migration[]): NonNullable<MigrationSet['lint']> {
  return async (migration, statements) => lintStatements(await contextBefore(migrations, migration.id), migration.id, statements);
}
