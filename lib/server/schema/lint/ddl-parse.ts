import { isPunct, isSequence, isWord, matchingParen, splitTopLevel, type Token } from './sql-tokens';

/**
 * The parts of PostgreSQL DDL the Nile linter reasons about: tables (columns, primary key, foreign
 * keys, sequence-backed columns) and the handful of object kinds Nile forbids. Everything else parses as
 * `other`. Names are normalised the way PostgreSQL does: unquoted lower-cased, unqualified → `public`.
 */
export type QualifiedName = { schema: string; name: string; isQualified: boolean };

export type ForeignKey = { columns: string[]; target: QualifiedName; targetColumns: string[] };

export type ColumnDef = {
  name: string;
  /** The declared type, lower-cased, e.g. `uuid`, `bigserial`, `pg_catalog.serial`, `timestamp with time zone`. */
  typeName: string;
  isNotNull: boolean;
  isPrimaryKey: boolean;
  isIdentity: boolean;
  usesNextval: boolean;
  references: ForeignKey | null;
};

export type TableConstraint = { primaryKey: string[] | null; foreignKey: ForeignKey | null };

export type AlterAction =
  | { kind: 'add_column'; column: ColumnDef }
  | { kind: 'add_constraint'; constraint: TableConstraint }
  | { kind: 'set_default'; column: string; usesNextval: boolean }
  | { kind: 'add_identity'; column: string }
  | { kind: 'drop_column'; column: string }
  | { kind: 'rename_table'; to: string }
  | { kind: 'rename_column'; from: string; to: string }
  | { kind: 'other' };

export type CreateTable = {
  name: QualifiedName;
  columns: ColumnDef[];
  primaryKey: string[] | null;
  foreignKeys: ForeignKey[];
  /** False for `AS SELECT`, `PARTITION OF`, `OF type` or `LIKE`: the column list is not all in the text. */
  isComplete: boolean;
};

const SERIAL_TYPES = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);
const COLUMN_CONSTRAINT_START = new Set(['constraint', 'not', 'null', 'default', 'primary', 'unique', 'references', 'check', 'generated', 'collate', 'compression', 'storage']);
const TABLE_CONSTRAINT_START = new Set(['constraint', 'primary', 'foreign', 'unique', 'check', 'exclude']);

/** True for `serial` and its aliases, schema-qualified with pg_catalog or not. */
export function isSerialType(typeName: string): boolean {
  return SERIAL_TYPES.has(typeName.replace(/^pg_catalog\./, ''));
}

/** True for an identifier token, quoted or not. */
export function isName(token: Token | undefined): boolean {
  return token?.kind === 'word' || token?.kind === 'ident';
}

/** Reads `a`, `a.b` (or longer) starting at `at`; returns the parts and the index after them. */
export function readDotted(tokens: Token[], at: number): { parts: string[]; next: number } {
  const parts: string[] = [];
  let i = at;
  while (isName(tokens[i])) {
    parts.push((tokens[i] as Token).value);
    if (!isPunct(tokens[i + 1], '.')) return { parts, next: i + 1 };
    i += 2;
  }
  return { parts, next: i };
}

/** `[a]` → public.a, `[s, a]` → s.a (a database prefix, `[d, s, a]`, is ignored). */
export function toQualified(parts: string[]): QualifiedName {
  const name = parts.at(-1) ?? '';
  const schema = parts.length >= 2 ? (parts.at(-2) as string) : 'public';
  return { schema, name, isQualified: parts.length >= 2 };
}

/** `schema.name`, the key tables are known by. */
export function displayName(name: QualifiedName): string {
  return `${name.schema}.${name.name}`;
}

/** Names inside the parentheses that start at `open`: `(a, "B", c)` → [a, B, c]. */
function readNameList(tokens: Token[], open: number): { names: string[]; next: number } {
  if (!isPunct(tokens[open], '(')) return { names: [], next: open };
  const close = matchingParen(tokens, open);
  const inner = tokens.slice(open + 1, close === -1 ? tokens.length : close);
  const names = splitTopLevel(inner).map((part) => part[0]?.value ?? '').filter((n) => n !== '');
  return { names, next: close === -1 ? tokens.length : close + 1 };
}

/** `REFERENCES table [(cols)]` starting at the REFERENCES keyword. */
function readReferences(tokens: Token[], at: number, columns: string[]): ForeignKey {
  const target = readDotted(tokens, at + 1);
  const { names } = readNameList(tokens, target.next);
  return { columns, target: toQualified(target.parts), targetColumns: names };
}

function usesNextval(tokens: Token[]): boolean {
  return tokens.some((t, i) => (isWord(t, 'nextval') || (t.kind === 'ident' && t.value === 'nextval')) && isPunct(tokens[i + 1], '('));
}

function isIdentityAt(tokens: Token[], i: number): boolean {
  return isWord(tokens[i], 'generated') && (isSequence(tokens, i + 1, ['always', 'as', 'identity']) || isSequence(tokens, i + 1, ['by', 'default', 'as', 'identity']));
}

/** A column definition: `name type [constraints…]`. */
export function parseColumn(tokens: Token[]): ColumnDef {
  const name = tokens[0]?.value ?? '';
  let i = 1;
  const typeParts: string[] = [];
  let depth = 0;
  for (; i < tokens.length; i += 1) {
    const t = tokens[i] as Token;
    if (depth === 0 && t.kind === 'word' && COLUMN_CONSTRAINT_START.has(t.value)) break;
    if (isPunct(t, '(') || isPunct(t, '[')) depth += 1;
    if (isPunct(t, ')') || isPunct(t, ']')) depth -= 1;
    if (depth === 0 && isName(t)) typeParts.push(isPunct(tokens[i - 1], '.') ? `.${t.value}` : ` ${t.value}`);
  }
  const rest = tokens.slice(i);
  const column: ColumnDef = {
    name, typeName: typeParts.join('').replace(/ \./g, '.').trim(),
    isNotNull: false, isPrimaryKey: false, isIdentity: false, usesNextval: usesNextval(rest), references: null,
  };
  for (let k = 0, level = 0; k < rest.length; k += 1) {
    if (isPunct(rest[k], '(')) level += 1;
    if (isPunct(rest[k], ')')) level -= 1;
    if (level > 0) continue; // inside CHECK (…) or DEFAULT (…): not the column's own constraints
    if (isSequence(rest, k, ['not', 'null'])) column.isNotNull = true;
    if (isSequence(rest, k, ['primary', 'key'])) column.isPrimaryKey = true;
    if (isIdentityAt(rest, k)) column.isIdentity = true;
    if (isWord(rest[k], 'references')) column.references = readReferences(rest, k, [name]);
  }
  return column;
}

/** A table constraint (optionally named): PRIMARY KEY (…) or FOREIGN KEY (…) REFERENCES …; others yield nulls. */
export function parseTableConstraint(tokens: Token[]): TableConstraint {
  const at = isWord(tokens[0], 'constraint') ? 2 : 0;
  if (isSequence(tokens, at, ['primary', 'key'])) {
    return { primaryKey: readNameList(tokens, at + 2).names, foreignKey: null };
  }
  if (isSequence(tokens, at, ['foreign', 'key'])) {
    const { names, next } = readNameList(tokens, at + 2);
    return { primaryKey: null, foreignKey: isWord(tokens[next], 'references') ? readReferences(tokens, next, names) : null };
  }
  return { primaryKey: null, foreignKey: null };
}

/** `CREATE … TABLE [IF NOT EXISTS] name (…)`, with `at` on the TABLE keyword. */
export function parseCreateTable(tokens: Token[], at: number): CreateTable {
  let i = at + 1;
  if (isSequence(tokens, i, ['if', 'not', 'exists'])) i += 3;
  const dotted = readDotted(tokens, i);
  const table: CreateTable = { name: toQualified(dotted.parts), columns: [], primaryKey: null, foreignKeys: [], isComplete: false };
  if (!isPunct(tokens[dotted.next], '(')) return table; // AS SELECT, PARTITION OF, OF type
  const close = matchingParen(tokens, dotted.next);
  const elements = splitTopLevel(tokens.slice(dotted.next + 1, close === -1 ? tokens.length : close));
  table.isComplete = true;
  for (const element of elements) {
    const head = element[0];
    if (isWord(head, 'like')) {
      table.isComplete = false;
    } else if (head?.kind === 'word' && TABLE_CONSTRAINT_START.has(head.value)) {
      const constraint = parseTableConstraint(element);
      if (constraint.primaryKey) table.primaryKey = constraint.primaryKey;
      if (constraint.foreignKey) table.foreignKeys.push(constraint.foreignKey);
    } else if (isName(head)) {
      const column = parseColumn(element);
      table.columns.push(column);
      if (column.isPrimaryKey) table.primaryKey = [column.name];
      if (column.references) table.foreignKeys.push(column.references);
    }
  }
  return table;
}
