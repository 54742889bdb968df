import type { PoolClient } from 'pg';
import type { Db } from '../db/pool';
import { quoteIdent } from '../db/sql';
import { withTenant } from '../db/with-tenant';
import { documentUuid, tenantUuid } from '../mapping/ids';
import type { CollectionTarget } from '../mapping/resolve-targets';
import { legacyShape, type AdapterDocument } from './legacy-shape';
import type { DocumentPage } from './legacy-store';
import type { CollectionRef } from './resolve-collection';
import { reverseTypedRows, typedSelectList, type TypedRow } from './typed-rows';

export type TargetOf = (collection: string) => Promise<CollectionTarget>;

type Read = { id: string | null; after: string | null; limit: number };

/** `legacy_id` order and position as keyset SQL: code-point order, like the legacy pages. */
const AFTER = (param: number) => `($${param}::text IS NULL OR legacy_id COLLATE "C" > $${param}::text COLLATE "C")`;
const ORDER = `ORDER BY legacy_id COLLATE "C" LIMIT`;

async function tenantRows(client: PoolClient, ref: CollectionRef, tenantId: string, tenantKey: string, read: Read, targetOf: TargetOf): Promise<Record<string, unknown>[]> {
  const id = read.id === null ? null : documentUuid(ref.collection, read.id);
  if (ref.target.kind === 'app_documents') {
    const { rows } = await client.query<{ data: Record<string, unknown> }>(
      `SELECT data FROM app_documents WHERE tenant_id = $1 AND collection = $2
          AND ($3::uuid IS NULL OR (id = $3 AND legacy_id = $4)) AND ${AFTER(5)} ${ORDER} $6`,
      [tenantId, ref.collection, id, read.id, read.after, read.limit],
    );
    return rows.map((r) => r.data);
  }
  const { rows } = await client.query<TypedRow>(
    `SELECT ${typedSelectList(ref.target)} FROM ${quoteIdent(ref.target.table)} WHERE tenant_id = $1 AND legacy_id IS NOT NULL
        AND ($2::uuid IS NULL OR (id = $2 AND legacy_id = $3)) AND ${AFTER(4)} ${ORDER} $5`,
    [tenantId, id, read.id, read.after, read.limit],
  );
  return reverseTypedRows(client, tenantId, tenantKey, rows, ref.target, targetOf);
}

async function readRows(db: Db, ref: CollectionRef, tenantKey: string | null, read: Read, targetOf: TargetOf): Promise<AdapterDocument[]> {
  let docs: Record<string, unknown>[];
  if (ref.target.kind === 'admin_documents') {
    const id = read.id === null ? null : documentUuid(ref.collection, read.id);
    const { rows } = await db.query<{ data: Record<string, unknown> }>(
      `SELECT data FROM admin_documents WHERE collection = $1 AND ($2::uuid IS NULL OR (id = $2 AND legacy_id = $3)) AND ${AFTER(4)} ${ORDER} $5`,
      [ref.collection, id, read.id, read.after, read.limit],
    );
    docs = rows.map((r) => r.data);
  } else {
    if (tenantKey === null) return [];
    const tenantId = tenantUuid(tenantKey);
    // Tenant tables are read through withTenant only: Nile's isolation is the boundary, not a WHERE.
    docs = await withTenant(db, tenantId, (client) => tenantRows(client, ref, tenantId, tenantKey, read, targetOf));
  }
  return docs.map((doc) => legacyShape(doc, ref.target));
}

/**
 * One document from Nile in the legacy shape, or null: from `admin_documents` / `app_documents` by
 * collection and legacy id (the row's primary key is the document's deterministic id), or from a typed
 * table with its columns mapped back to fields. Tenant tables are read inside `withTenant`.
 */
export async function readNewDocument(db: Db, ref: CollectionRef, id: string, tenantKey: string | null, targetOf: TargetOf): Promise<AdapterDocument | null> {
  const [doc] = await readRows(db, ref, tenantKey, { id, after: null, limit: 1 }, targetOf);
  return doc ?? null;
}

/** A page of a collection's documents from Nile, in the same `_id` order as the legacy pages. */
export async function readNewPage(db: Db, ref: CollectionRef, tenantKey: string | null, after: string | null, limit: number, targetOf: TargetOf): Promise<DocumentPage> {
  const rows = await readRows(db, ref, tenantKey, { id: null, after, limit: limit + 1 }, targetOf);
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? String(items.at(-1)?._id) : null };
}
