import type { ClientBase } from 'pg';
import { AppError } from '../../shared/errors';
import { isUuid } from '../../shared/uuid';
import { quoteIdent, quoteLiteral } from '../db/sql';

/**
 * A snapshotted table as COPY sees it: its columns (generated ones excluded; `tenant_id` first for a
 * tenant table) and the order its rows are written in (the primary key, `tenant_id` first), so the COPY
 * text of a table, and of each tenant's part of it, is the same every time its rows are the same.
 */
export type TableShape = { name: string; kind: 'tenant' | 'shared'; columns: string[]; order: string[] };

/** How a table's rows written by a run are recognised. */
export type RunMarker = 'run_id' | 'legacy_id' | null;

/**
 * Reads the shapes of the named tables of `public` that exist (missing ones are left out).
 * @throws AppError `unprocessable` for a table without a primary key (its rows have no stable order).
 */
export async function describeTables(client: ClientBase, names: string[]): Promise<TableShape[]> {
  const shapes: TableShape[] = [];
  for (const name of names) {
    const { rows } = await client.query<{ name: string; pk: number | null }>(
      `SELECT a.attname AS name, k.pos::int AS pk
         FROM pg_attribute a
         LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
         LEFT JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, pos) ON k.attnum = a.attnum
        WHERE a.attrelid = to_regclass(format('public.%I', $1::text)) AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        ORDER BY a.attnum`,
      [name],
    );
    if (rows.length === 0) continue;
    const all = rows.map((r) => r.name);
    const isTenant = all.includes('tenant_id');
    const pk = rows.filter((r) => r.pk !== null).sort((a, b) => (a.pk as number) - (b.pk as number)).map((r) => r.name);
    if (pk.length === 0) throw new AppError('unprocessable', `Table ${name} has no primary key: its rows have no stable order, so Ferry cannot snapshot it.`);
    shapes.push({
      name,
      kind: isTenant ? 'tenant' : 'shared',
      columns: isTenant ? ['tenant_id', ...all.filter((c) => c !== 'tenant_id')] : all,
      order: isTenant ? ['tenant_id', ...pk.filter((c) => c !== 'tenant_id')] : pk,
    });
  }
  return shapes;
}

/**
 * The tables in foreign-key order, parents first (insert in this order, delete in reverse), from the
 * database's own constraints between them. Tables in a reference cycle keep their given order.
 */
export async function foreignKeyOrder(client: ClientBase, names: string[]): Promise<string[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    `SELECT ch.relname AS child, pa.relname AS parent
       FROM pg_constraint c JOIN pg_class ch ON ch.oid = c.conrelid JOIN pg_class pa ON pa.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = ch.relnamespace AND n.nspname = 'public'
      WHERE c.contype = 'f' AND ch.relname = ANY($1) AND pa.relname = ANY($1) AND ch.oid <> pa.oid AND pa.relnamespace = ch.relnamespace`,
    [names],
  );
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const r of rows) parents.get(r.child)?.add(r.parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < names.length) {
    const ready = names.filter((n) => !placed.has(n) && [...(parents.get(n) ?? [])].every((p) => placed.has(p)));
    const next = ready.length > 0 ? ready : names.filter((n) => !placed.has(n)).slice(0, 1);
    for (const n of next) {
      ordered.push(n);
      placed.add(n);
    }
  }
  return ordered;
}

/** A validated UUID as an SQL literal (COPY takes no parameters). */
export function uuidLiteral(value: string): string {
  if (!isUuid(value)) throw new AppError('bad_request', 'Expected a UUID.');
  return quoteLiteral(value.toLowerCase());
}

export function runMarkerOf(shape: TableShape): RunMarker {
  if (shape.name === 'tenants') return null;
  if (shape.columns.includes('run_id')) return 'run_id';
  if (shape.columns.includes('legacy_id')) return 'legacy_id';
  return null;
}

const qualify = (alias: string | undefined, column: string) => (alias ? `${alias}.${quoteIdent(column)}` : quoteIdent(column));

/**
 * SQL that is true for a row the run wrote (document tables: its run id; typed tables: a legacy id —
 * the plan refuses to start while any typed row has one), or null when the table has no such marker.
 */
export function runRowSql(shape: TableShape, runId: string, alias?: string): string | null {
  const marker = runMarkerOf(shape);
  if (marker === 'run_id') return `${qualify(alias, 'run_id')} = ${uuidLiteral(runId)}`;
  if (marker === 'legacy_id') return `${qualify(alias, 'legacy_id')} IS NOT NULL`;
  return null;
}

/** `tenant_id = '<uuid>'` (validated), or TRUE for a shared table. */
export function tenantSql(shape: TableShape, tenantId: string | null, alias?: string): string {
  if (shape.kind === 'shared' || tenantId === null) return 'TRUE';
  return `${qualify(alias, 'tenant_id')} = ${uuidLiteral(tenantId)}`;
}

/** Rows of `a` and `b` with the same primary key. */
export function keyMatch(shape: TableShape, a: string, b: string): string {
  return shape.order.map((c) => `${a}.${quoteIdent(c)} = ${b}.${quoteIdent(c)}`).join(' AND ');
}

/** A row's values as text (the session's output settings fixed), for comparing a row with its snapshot. */
export function rowText(shape: TableShape, alias: string): string {
  return `ROW(${columnList(shape, alias)})::text`;
}

export function columnList(shape: TableShape, alias?: string): string {
  return shape.columns.map((c) => (alias ? `${alias}.${quoteIdent(c)}` : quoteIdent(c))).join(', ');
}

/** The rows of a table matching `where`, in the snapshot's order and column order, for COPY … TO. */
export function orderedSelect(shape: TableShape, where: string, from = `public.${quoteIdent(shape.name)}`): string {
  return `SELECT ${columnList(shape)} FROM ${from} WHERE ${where} ORDER BY ${shape.order.map((c) => quoteIdent(c)).join(', ')}`;
}
