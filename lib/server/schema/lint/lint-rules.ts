import type { LintFinding, LintSeverity } from '../../migrator/types';
import { displayName, type ForeignKey } from './ddl-parse';
import { parseStatement, type DdlStatement, type ForbiddenObject, type SequenceOwner } from './ddl-statement';
import { addColumn, findTable, isTenantTable, tableFromCreate, type KnownTable, type LintContext } from './lint-context';
import { splitStatements } from './sql-tokens';

/** The rules, named as findings report them. */
export type NileLintRule =
  | 'no-functions' | 'no-triggers' | 'no-policies' | 'no-roles'
  | 'tenant-sequence' | 'fk-to-shared-table' | 'tenant-fk-without-tenant-id' | 'tenant-primary-key' | 'tenant-id-column'
  | 'unknown-fk-target' | 'unknown-table' | 'standalone-sequence' | 'opaque-do-block';

type Report = (rule: NileLintRule, severity: LintSeverity, problem: string, fix: string) => void;
/** Runs a check once the whole migration has been read (a primary key may be added by a later statement). */
type Defer = (check: () => void) => void;

const FORBIDDEN: Record<ForbiddenObject, { rule: NileLintRule; fix: string }> = {
  function: { rule: 'no-functions', fix: 'Nile does not run user-defined functions: compute the value in the application or with built-in functions and generated columns.' },
  procedure: { rule: 'no-functions', fix: 'Nile does not run user-defined procedures: move the logic into the application.' },
  aggregate: { rule: 'no-functions', fix: 'Nile does not support user-defined aggregates: aggregate with built-ins or in the application.' },
  trigger: { rule: 'no-triggers', fix: 'Nile does not support triggers: do the work in the application (e.g. set updated_at in the UPDATE itself).' },
  'event trigger': { rule: 'no-triggers', fix: 'Nile does not support event triggers: remove it.' },
  policy: { rule: 'no-policies', fix: 'Nile isolates tenants itself and forbids CREATE POLICY: remove it (the local emulation adds its own isolation).' },
  role: { rule: 'no-roles', fix: 'Nile manages roles itself: remove it and use the credentials Nile issues.' },
  user: { rule: 'no-roles', fix: 'Nile manages database users itself: remove it and use the credentials Nile issues.' },
  group: { rule: 'no-roles', fix: 'Nile manages roles itself: remove it.' },
};

const SEQUENCE_FIX = 'Use `id uuid NOT NULL DEFAULT gen_random_uuid()` (or uuid_generate_v7()); per-tenant numbering belongs in the application.';

function checkForeignKey(context: LintContext, table: KnownTable, fk: ForeignKey, report: Report): void {
  const from = `${displayName(table.name)} (${fk.columns.join(', ')})`;
  const target = findTable(context, fk.target);
  if (!target) {
    report('unknown-fk-target', 'warning', `The foreign key ${from} references ${displayName(fk.target)}, which neither this migration set nor Nile creates, so the linter cannot tell whether it is tenant-aware.`, 'Create the table in an earlier migration of the set, or check by hand that it has tenant_id and the key includes it.');
    return;
  }
  if (!isTenantTable(target)) {
    const isTenantsRef = displayName(target.name) === 'public.tenants' && fk.columns.length === 1 && fk.columns[0] === 'tenant_id';
    if (!isTenantsRef) {
      report('fk-to-shared-table', 'error', `The tenant table's foreign key ${from} references the shared table ${displayName(target.name)}; Nile forbids foreign keys from tenant tables to shared tables.`, 'Keep the column (e.g. `user_id uuid`) without REFERENCES and check it in the application, or make the referenced table tenant-aware. Only `tenant_id REFERENCES tenants (id)` may point at a shared table.');
    }
    return;
  }
  const position = fk.columns.indexOf('tenant_id');
  const targetColumns = fk.targetColumns.length > 0 ? fk.targetColumns : (target.primaryKey ?? []);
  if (position === -1 || (targetColumns.length > 0 && targetColumns[position] !== 'tenant_id')) {
    report('tenant-fk-without-tenant-id', 'error', `The foreign key ${from} → ${displayName(target.name)} joins two tenant tables without matching tenant_id to tenant_id, so a row could point into another tenant.`, `Use a composite key: FOREIGN KEY (tenant_id, ${fk.columns.filter((c) => c !== 'tenant_id').join(', ') || 'x_id'}) REFERENCES ${displayName(target.name)} (tenant_id, id).`);
  }
}

function checkSequenceColumns(table: KnownTable, report: Report, only?: string): void {
  for (const [name, column] of table.columns) {
    if ((only === undefined || only === name) && column.isSequenceBacked) {
      report('tenant-sequence', 'error', `Column ${displayName(table.name)}.${name} is backed by a sequence (serial, identity or nextval), and Nile does not support sequences on tenant tables.`, SEQUENCE_FIX);
    }
  }
}

function checkPrimaryKey(table: KnownTable, report: Report, defer?: Defer): void {
  if (!table.primaryKey) {
    if (defer) defer(() => checkPrimaryKey(table, report));
    else if (table.isComplete && isTenantTable(table)) report('tenant-primary-key', 'warning', `Tenant table ${displayName(table.name)} has no primary key.`, 'Give it PRIMARY KEY (tenant_id, id).');
  } else if (table.primaryKey[0] !== 'tenant_id') {
    report('tenant-primary-key', 'error', `Tenant table ${displayName(table.name)} has PRIMARY KEY (${table.primaryKey.join(', ')}), which does not start with tenant_id; Nile distributes tenant rows by it.`, `Make it PRIMARY KEY (tenant_id, ${table.primaryKey.filter((c) => c !== 'tenant_id').join(', ') || 'id'}).`);
  }
}

/** Every rule that applies to a table as a whole, for a new tenant table or one that just became tenant-aware. */
function checkTenantTable(context: LintContext, table: KnownTable, report: Report, defer?: Defer): void {
  const tenantId = table.columns.get('tenant_id');
  const isInPrimaryKey = table.primaryKey?.includes('tenant_id') ?? false;
  if (tenantId && (tenantId.typeName !== 'uuid' || !(tenantId.isNotNull || isInPrimaryKey))) {
    report('tenant-id-column', 'error', `${displayName(table.name)}.tenant_id is \`${tenantId.typeName}${tenantId.isNotNull ? ' NOT NULL' : ''}\`; Nile's reserved tenant column must be \`uuid NOT NULL\`.`, 'Declare it `tenant_id uuid NOT NULL REFERENCES tenants (id)`.');
  }
  checkPrimaryKey(table, report, defer);
  checkSequenceColumns(table, report);
  for (const fk of table.foreignKeys) checkForeignKey(context, table, fk, report);
}

function lintAlterTable(context: LintContext, statement: Extract<DdlStatement, { kind: 'alter_table' }>, origin: string, report: Report): void {
  let table = findTable(context, statement.table);
  if (!table) {
    report('unknown-table', 'warning', `ALTER TABLE ${displayName(statement.table)}: this migration set did not create that table, so the linter cannot tell whether it is tenant-aware.`, 'Create it in an earlier migration of the set, or check the change against the Nile rules by hand.');
    table = { name: statement.table, columns: new Map(), primaryKey: null, foreignKeys: [], isComplete: false, origin };
    context.tables.set(displayName(statement.table), table);
  }
  for (const action of statement.actions) {
    const wasTenant = isTenantTable(table);
    if (action.kind === 'add_column') {
      addColumn(table, action.column);
      if (action.column.references) table.foreignKeys.push(action.column.references);
      if (!wasTenant && isTenantTable(table)) checkTenantTable(context, table, report);
      else if (wasTenant) {
        checkSequenceColumns(table, report, action.column.name);
        if (action.column.references) checkForeignKey(context, table, action.column.references, report);
      }
    } else if (action.kind === 'add_constraint') {
      const { primaryKey, foreignKey } = action.constraint;
      if (primaryKey) table.primaryKey = primaryKey;
      if (foreignKey) table.foreignKeys.push(foreignKey);
      if (wasTenant && primaryKey) checkPrimaryKey(table, report);
      if (wasTenant && foreignKey) checkForeignKey(context, table, foreignKey, report);
    } else if (action.kind === 'set_default' || action.kind === 'add_identity') {
      if (action.kind === 'add_identity' || action.usesNextval) {
        const column = table.columns.get(action.column) ?? { typeName: '', isNotNull: false, isSequenceBacked: false };
        table.columns.set(action.column, { ...column, isSequenceBacked: true });
        if (wasTenant) checkSequenceColumns(table, report, action.column);
      }
    } else if (action.kind === 'drop_column') {
      table.columns.delete(action.column);
    } else if (action.kind === 'rename_table') {
      context.tables.delete(displayName(table.name));
      table.name = { ...table.name, name: action.to };
      context.tables.set(displayName(table.name), table);
    } else if (action.kind === 'rename_column') {
      const column = table.columns.get(action.from);
      if (column) {
        table.columns.delete(action.from);
        table.columns.set(action.to, column);
      }
      table.primaryKey = table.primaryKey?.map((c) => (c === action.from ? action.to : c)) ?? null;
    }
  }
}

function lintSequenceOwner(context: LintContext, owner: SequenceOwner | null, report: Report): void {
  const table = owner ? findTable(context, owner.table) : undefined;
  if (owner && table && isTenantTable(table)) {
    report('tenant-sequence', 'error', `A sequence is OWNED BY ${displayName(table.name)}.${owner.column}, a tenant table; Nile does not support sequences on tenant tables.`, SEQUENCE_FIX);
  }
}

/** Applies the rules to one parsed statement and updates the context with what it creates or changes. */
function lintStatement(context: LintContext, statement: DdlStatement, origin: string, report: Report, defer: Defer): void {
  switch (statement.kind) {
    case 'forbidden_object': {
      const { rule, fix } = FORBIDDEN[statement.object];
      report(rule, 'error', `CREATE ${statement.object.toUpperCase()} is not supported on Nile.`, fix);
      return;
    }
    case 'create_table': {
      const table = tableFromCreate(statement.table, origin);
      context.tables.set(displayName(table.name), table); // before the checks: a table may reference itself
      if (isTenantTable(table)) checkTenantTable(context, table, report, defer);
      return;
    }
    case 'alter_table':
      return lintAlterTable(context, statement, origin, report);
    case 'drop_table':
      for (const name of statement.tables) context.tables.delete(displayName(findTable(context, name)?.name ?? name));
      return;
    case 'create_sequence':
      if (!statement.ownedBy) report('standalone-sequence', 'warning', `Sequence ${displayName(statement.name)} is not owned by a table.`, 'Fine for shared tables; never use it for a tenant table (Nile does not support sequences there).');
      return lintSequenceOwner(context, statement.ownedBy, report);
    case 'alter_sequence':
      return lintSequenceOwner(context, statement.ownedBy, report);
    case 'do_block':
      report('opaque-do-block', 'warning', 'A DO block runs code the linter cannot see into.', 'Write its statements as plain SQL so they can be checked (and Nile runs no PL/pgSQL of yours).');
      return;
    case 'other':
      return;
  }
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}

/**
 * Lints the SQL one migration issues (as recorded), against and into `context`. Statements are numbered
 * from 1 across the migration after splitting multi-statement strings. Pure apart from `context`; never throws.
 */
export function lintStatements(context: LintContext, migrationId: string, statements: string[]): LintFinding[] {
  const findings: LintFinding[] = [];
  const deferred: Array<() => void> = [];
  let index = 0;
  for (const sql of statements) {
    for (const statement of splitStatements(sql)) {
      index += 1;
      const report: Report = (rule, severity, problem, fix) =>
        findings.push({ migrationId, rule, severity, statement: excerpt(statement.text), message: `${migrationId}, statement ${index}: ${problem} ${fix}` });
      lintStatement(context, parseStatement(statement.tokens), migrationId, report, (check) => deferred.push(check));
    }
  }
  for (const check of deferred) check();
  return findings;
}
