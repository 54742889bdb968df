import type { Db } from '../db/pool';
import { quoteIdent } from '../db/sql';
import type { CollectionTarget } from '../mapping/resolve-targets';
import { BUCKET_SQL, CellSums, cellKey } from './cell-sums';
import type { TenantIndex } from './tenant-index';
import { typedRowSql } from './typed-canonical';

/** The hash of a row's content in SQL: `hashtextextended` of its canonical text (pg-hash.ts computes the same). */
const HASH = (text: string) => `hashtextextended(${text}, 0)`;

/**
 * Per-cell sums over a subquery that yields `tenant_id`, `legacy_id` and `h` (plus `collection` when
 * grouped by it). `OFFSET 0` keeps the subquery a subquery, so rows are hashed before they are grouped
 * and only narrow rows reach the aggregate (flattened, PostgreSQL sorted whole rows, `data` included).
 */
function sumsSql(inner: string, byCollection: boolean): string {
  return `SELECT ${byCollection ? 'collection, ' : ''}tenant_id, ${BUCKET_SQL('legacy_id')} AS bucket, count(*)::float8 AS n,
                 (sum((h >> 32) & 4294967295) % 4294967296)::float8 AS high, (sum(h & 4294967295) % 4294967296)::float8 AS low
            FROM (${inner} OFFSET 0) rows GROUP BY ${byCollection ? 'collection, ' : ''}tenant_id, bucket`;
}

/**
 * Runs an aggregation with a hash aggregate: row-level security hides the row count from the planner,
 * which then sorts a whole table to group it; a few thousand groups fit in memory by far. Without
 * parallel workers: the database then takes one core while Node reads the legacy files on another
 * (with workers it took every core, and the two sides took turns instead of overlapping).
 */
async function aggregate<T extends object>(db: Db, sql: string, params: unknown[]): Promise<T[]> {
  const client = await db.connect();
  try {
    await client.query('BEGIN READ ONLY');
    await client.query('SET LOCAL enable_sort = off');
    await client.query('SET LOCAL max_parallel_workers_per_gather = 0');
    const { rows } = await client.query<T>(sql, params);
    await client.query('COMMIT');
    return rows;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

type SumRow = { collection?: string; tenant_id: string | null; bucket: number | null; n: number; high: number; low: number };

/** Target cells of a document table, per collection tag (every tag found, the run's or not). */
export type DocumentTableCells = Map<string, CellSums>;

/**
 * One pass over a document table (`app_documents` or `admin_documents`): for every collection tag,
 * tenant and bucket, the row count and the sums of the two halves of each row's `data::text` hash. One
 * sequential scan whatever the number of collections; `onlyCollections` restricts it (a resumed
 * validation). The database does the hashing, on its own core, while Node reads the legacy files.
 */
export async function documentTableCells(db: Db, table: 'app_documents' | 'admin_documents', tenants: TenantIndex, onlyCollections?: string[]): Promise<DocumentTableCells> {
  const tenant = table === 'app_documents' ? 'tenant_id' : 'NULL::uuid AS tenant_id';
  const where = onlyCollections ? 'WHERE collection = ANY($1)' : '';
  const inner = `SELECT collection, ${tenant}, legacy_id, ${HASH('data::text')} AS h FROM ${quoteIdent(table)} ${where}`;
  const rows = await aggregate<SumRow>(db, sumsSql(inner, true), onlyCollections ? [onlyCollections] : []);
  const out: DocumentTableCells = new Map();
  for (const row of rows) {
    const collection = row.collection as string;
    let cells = out.get(collection);
    if (!cells) out.set(collection, (cells = new CellSums()));
    cells.add(cellKey(tenants.ofUuid(row.tenant_id), row.bucket ?? 0), row.high, row.low, row.n);
  }
  return out;
}

/** Target cells of a typed table, and how many of its rows have no legacy id (they belong to no legacy document). */
export async function typedTableCells(db: Db, target: CollectionTarget, tenants: TenantIndex): Promise<{ cells: CellSums; withoutLegacyId: number }> {
  const inner = `SELECT t.tenant_id, t.legacy_id, ${HASH(typedRowSql(target, 't'))} AS h FROM ${quoteIdent(target.table)} t`;
  const rows = await aggregate<SumRow>(db, sumsSql(inner, false), []);
  const cells = new CellSums();
  let withoutLegacyId = 0;
  for (const row of rows) {
    if (row.bucket === null) withoutLegacyId += row.n;
    else cells.add(cellKey(tenants.ofUuid(row.tenant_id), row.bucket), row.high, row.low, row.n);
  }
  return { cells, withoutLegacyId };
}

/** A target row of a differing cell: which legacy document it claims to be, where, and its hash. */
export type TargetRow = { legacyId: string; tenant: number; high: number; low: number };

/**
 * The rows of the given cells (tenant index → buckets) of one collection's target, with their hashes:
 * what a drill-down compares the legacy documents of those cells with. One query per collection; it
 * reads the rows of the tenants concerned (through the tenant index) and hashes only those cells' rows.
 */
export async function targetRowsOf(db: Db, target: CollectionTarget, tenants: TenantIndex, cells: Map<number, number[]>): Promise<TargetRow[]> {
  const typed = target.kind === 'typed';
  const row = typed ? typedRowSql(target, 't') : 't.data::text';
  const shared = target.kind === 'admin_documents';
  const pairs: string[] = [];
  const uuids = new Set<string>();
  for (const [tenant, buckets] of cells) {
    const uuid = tenants.uuidOf(tenant);
    if (uuid === null && !shared) continue; // no target row can be in the shared or unplaceable scope
    for (const bucket of buckets) pairs.push(`${uuid ?? ''}:${bucket}`);
    if (uuid !== null) uuids.add(uuid);
  }
  if (pairs.length === 0) return [];
  const params: unknown[] = [pairs];
  const where = [`(${shared ? "''" : 't.tenant_id::text'} || ':' || ${BUCKET_SQL('t.legacy_id')}) = ANY($1::text[])`];
  if (!typed) where.push(`t.collection = $${params.push(target.collection)}`);
  if (!shared) where.push(`t.tenant_id = ANY($${params.push([...uuids])}::uuid[])`);
  const { rows } = await db.query<{ tenant_id: string | null; legacy_id: string; high: string; low: string }>(
    `SELECT tenant_id, legacy_id, (h >> 32) & 4294967295 AS high, h & 4294967295 AS low
       FROM (SELECT ${shared ? 'NULL::uuid AS tenant_id' : 't.tenant_id'}, t.legacy_id, ${HASH(row)} AS h FROM ${quoteIdent(target.table)} t WHERE ${where.join(' AND ')}) x`,
    params,
  );
  return rows.map((r) => ({ legacyId: r.legacy_id, tenant: tenants.ofUuid(r.tenant_id), high: Number(r.high), low: Number(r.low) }));
}
