import type { PoolClient } from 'pg';
import { quoteIdent } from '../db/sql';
import type { ColumnMapping } from '../mapping/mapping-schema';
import type { CollectionTarget } from '../mapping/resolve-targets';

export type TypedRow = Record<string, unknown> & { legacy_id: string; extra: Record<string, unknown> | null };

/** The columns a typed read selects: the legacy id, `extra` and every mapped column, quoted. */
export function typedSelectList(target: CollectionTarget): string {
  return ['legacy_id', 'extra', ...Object.keys(target.columns)].map(quoteIdent).join(', ');
}

/** A column's value back as the legacy field's value (refs are resolved separately). */
function reverseValue(column: ColumnMapping, value: unknown): unknown {
  switch (column.type) {
    case 'integer':
    case 'numeric':
      return typeof value === 'string' ? Number(value) : value;
    case 'timestamptz':
      return value instanceof Date ? value : new Date(String(value));
    default:
      return value;
  }
}

/**
 * Finds the legacy ids of the rows that ref columns point at (the deterministic ids of documents of
 * the referenced collections), one query per referenced collection, inside the caller's tenant
 * transaction. Answers `uuid → legacy id`.
 */
async function referencedIds(client: PoolClient, tenantId: string, rows: TypedRow[], target: CollectionTarget, targetOf: (collection: string) => Promise<CollectionTarget>): Promise<Map<string, string>> {
  const wanted = new Map<string, Set<string>>();
  for (const [name, column] of Object.entries(target.columns)) {
    if (column.type !== 'ref' || !column.collection) continue;
    let ids = wanted.get(column.collection);
    if (!ids) wanted.set(column.collection, (ids = new Set()));
    for (const row of rows) {
      const value = row[name];
      if (typeof value === 'string') ids.add(value);
    }
  }
  const found = new Map<string, string>();
  for (const [collection, ids] of wanted) {
    const referenced = await targetOf(collection);
    const list = [...ids];
    const result = referenced.kind === 'admin_documents'
      ? await client.query<{ id: string; legacy_id: string }>(`SELECT id::text, legacy_id FROM admin_documents WHERE id = ANY($1::uuid[]) AND collection = $2`, [list, collection])
      : referenced.kind === 'app_documents'
        ? await client.query<{ id: string; legacy_id: string }>(`SELECT id::text, legacy_id FROM app_documents WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND collection = $3`, [tenantId, list, collection])
        : await client.query<{ id: string; legacy_id: string }>(`SELECT id::text, legacy_id FROM ${quoteIdent(referenced.table)} WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [tenantId, list]);
    for (const row of result.rows) found.set(row.id, row.legacy_id);
  }
  return found;
}

/**
 * Turns rows of a typed table back into legacy documents: every mapped column to its `from` field (a
 * NULL column leaves the field out), timestamps back to dates, refs back to the referenced document's
 * legacy `_id` (null when the referenced row is not there), `extra` merged, `_id` from `legacy_id` and
 * the tenant field from the tenant key the caller asked for. Transforms (lowercase, trim) cannot be
 * undone: such a value reads as stored, and a shadow read names the field if it differs.
 */
export async function reverseTypedRows(client: PoolClient, tenantId: string, tenantKey: string, rows: TypedRow[], target: CollectionTarget, targetOf: (collection: string) => Promise<CollectionTarget>): Promise<Record<string, unknown>[]> {
  const refs = await referencedIds(client, tenantId, rows, target, targetOf);
  return rows.map((row) => {
    const doc: Record<string, unknown> = Object.fromEntries(Object.entries(row.extra ?? {}));
    for (const [name, column] of Object.entries(target.columns)) {
      const value = row[name];
      if (value === null || value === undefined) continue;
      const restored = column.type === 'ref' ? (refs.get(String(value)) ?? null) : reverseValue(column, value);
      Object.defineProperty(doc, column.from, { value: restored, enumerable: true, writable: true, configurable: true });
    }
    if (target.tenantField) Object.defineProperty(doc, target.tenantField, { value: tenantKey, enumerable: true, writable: true, configurable: true });
    Object.defineProperty(doc, '_id', { value: row.legacy_id, enumerable: true, writable: true, configurable: true });
    return doc;
  });
}
