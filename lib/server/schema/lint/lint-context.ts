import type { ColumnDef, CreateTable, ForeignKey, QualifiedName } from './ddl-parse';
import { displayName, isSerialType } from './ddl-parse';

/** What the linter knows about one table, accumulated across the migrations walked so far. */
export type KnownTable = {
  name: QualifiedName;
  /** Column name → whether a sequence backs it (serial type, identity or nextval default). */
  columns: Map<string, { typeName: string; isSequenceBacked: boolean; isNotNull: boolean }>;
  primaryKey: string[] | null;
  foreignKeys: ForeignKey[];
  /** False when the text did not show every column (`LIKE`, `AS SELECT`, `PARTITION OF`). */
  isComplete: boolean;
  /** `built-in` for Nile's own tables, otherwise the id of the migration that created it. */
  origin: string;
};

/**
 * Tables known while linting a migration set in order. Starts with Nile's built-ins; each CREATE/ALTER/
 * DROP TABLE the linter walks updates it, so a later migration is judged against what earlier ones made.
 */
export type LintContext = { tables: Map<string, KnownTable> };

function builtIn(schema: string, name: string, columns: string[], primaryKey: string[]): KnownTable {
  const map = new Map(columns.map((c) => [c, { typeName: c.endsWith('id') ? 'uuid' : 'text', isSequenceBacked: false, isNotNull: primaryKey.includes(c) }]));
  return { name: { schema, name, isQualified: true }, columns: map, primaryKey, foreignKeys: [], isComplete: true, origin: 'built-in' };
}

/** A context holding Nile's built-in tables: `tenants` and `users.users` (shared), `users.tenant_users` (tenant-aware). */
export function createLintContext(): LintContext {
  const tables = [
    builtIn('public', 'tenants', ['id', 'name', 'created', 'updated', 'deleted'], ['id']),
    builtIn('users', 'users', ['id', 'created', 'updated', 'deleted', 'name', 'family_name', 'given_name', 'email', 'picture', 'email_verified'], ['id']),
    builtIn('users', 'tenant_users', ['tenant_id', 'user_id', 'created', 'updated', 'deleted', 'roles', 'email'], ['tenant_id', 'user_id']),
  ];
  return { tables: new Map(tables.map((t) => [displayName(t.name), t])) };
}

/** True when a sequence supplies the column's values: a serial type, an identity, or a nextval() default. */
export function isSequenceBacked(column: ColumnDef): boolean {
  return isSerialType(column.typeName) || column.isIdentity || column.usesNextval;
}

/** Tenant-aware = has a `tenant_id` column (nile.md); every other table is shared. */
export function isTenantTable(table: KnownTable): boolean {
  return table.columns.has('tenant_id');
}

/**
 * Resolves a referenced or altered table. An unqualified name means `public.<name>`; when no such table
 * is known but exactly one table of that name exists in another schema (a migration that changed its
 * search_path), that one is taken.
 */
export function findTable(context: LintContext, name: QualifiedName): KnownTable | undefined {
  const exact = context.tables.get(displayName(name));
  if (exact || name.isQualified) return exact;
  const candidates = [...context.tables.values()].filter((t) => t.name.name === name.name);
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** Records a column (added by CREATE or ALTER TABLE) on a known table. */
export function addColumn(table: KnownTable, column: ColumnDef): void {
  table.columns.set(column.name, { typeName: column.typeName, isSequenceBacked: isSequenceBacked(column), isNotNull: column.isNotNull || column.isPrimaryKey });
}

/** What the linter remembers of a CREATE TABLE. */
export function tableFromCreate(created: CreateTable, origin: string): KnownTable {
  const table: KnownTable = {
    name: created.name, columns: new Map(), primaryKey: created.primaryKey, foreignKeys: [...created.foreignKeys], isComplete: created.isComplete, origin,
  };
  for (const column of created.columns) addColumn(table, column);
  return table;
}
