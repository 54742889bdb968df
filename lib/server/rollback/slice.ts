import type { ClientBase } from 'pg';
import { quoteIdent } from '../db/sql';
import { copyDigest, EMPTY_CHECKSUM, type Digest } from '../snapshot/copy-digest';
import { loadSegment, prepareScratch, scratchTable } from '../snapshot/load-segment';
import type { SegmentEntry, TableEntry } from '../snapshot/manifest';
import { keyMatch, orderedSelect, rowText, runRowSql, tenantSql, uuidLiteral } from '../snapshot/table-shape';
import type { RollbackContext } from './rollback-context';

/**
 * A slice of the target a rollback compares with the snapshot and restores as one unit: one tenant of a
 * tenant table, a shared table, or (the `tenants` table) the tenant rows in scope. `where` selects its
 * rows (in the target and in the snapshot's scratch copy), `run` the rows the run wrote, `xids` the
 * transactions of the run's batches (a run row with another `xmin` was changed after the run wrote it).
 */
export type Slice = {
  table: TableEntry;
  tenantId: string | null;
  where: (alias: string) => string;
  run: ((alias: string) => string) | null;
  xids: string[] | null;
  segment: SegmentEntry | null;
  /** True when `segment` holds exactly this slice's snapshot rows; else the scratch copy is filtered by `where`. */
  wholeSegment: boolean;
};

export const sliceKey = (table: string, tenantId: string | null) => `${table}/${tenantId ?? 'shared'}`;

export function xidArray(xids: string[]): string {
  for (const x of xids) if (!/^\d+$/.test(x)) throw new Error('Invalid transaction id.');
  return `'{${xids.join(',')}}'::xid[]`;
}

export function tableSlice(ctx: RollbackContext, table: TableEntry, tenantId: string | null, xids: string[]): Slice {
  const run = runRowSql(table, ctx.runId) ? (a: string) => runRowSql(table, ctx.runId, a) as string : null;
  const tenant = table.kind === 'tenant' ? tenantId : null;
  return { table, tenantId: tenant, where: (a) => tenantSql(table, tenant, a), run, xids, segment: ctx.segments.get(table.name)?.get(tenant) ?? null, wholeSegment: true };
}

/** The `tenants` rows in scope; the run's rows are the tenants it created (absent from the snapshot). */
export function tenantsSlice(ctx: RollbackContext, table: TableEntry, runTenantIds: string[]): Slice {
  const scratch = scratchOf(table);
  const created = runTenantIds.length > 0 ? `ARRAY[${runTenantIds.map(uuidLiteral).join(', ')}]::uuid[]` : `'{}'::uuid[]`;
  return {
    table, tenantId: ctx.scope?.tenantId ?? null,
    where: (a) => (ctx.scope ? `${a}.id = ${uuidLiteral(ctx.scope.tenantId)}` : 'TRUE'),
    run: (a) => `${a}.id = ANY(${created}) AND NOT EXISTS (SELECT 1 FROM ${scratch} x WHERE x.id = ${a}.id)`,
    xids: null, segment: table.segments[0] ?? null, wholeSegment: false,
  };
}

export const scratchOf = (table: TableEntry) => scratchTable(table.name);

const from = (slice: Slice) => `public.${quoteIdent(slice.table.name)} c`;
const nonRun = (slice: Slice, a: string) => (slice.run ? `${slice.where(a)} AND NOT (${slice.run(a)})` : slice.where(a));

/** Loads the slice's snapshot rows into its scratch table (the whole segment; `where` filters later). */
export async function loadScratch(client: ClientBase, ctx: RollbackContext, slice: Slice): Promise<string> {
  const scratch = await prepareScratch(client, slice.table);
  if (slice.segment) await loadSegment(client, ctx.key, ctx.opened, slice.table, slice.segment, scratch);
  return scratch;
}

/** What a slice holds that the snapshot does not explain, and how it compares. */
export type SliceFacts = {
  table: string; tenantId: string | null; equal: boolean;
  inserted: number; changed: number; deleted: number; modifiedRun: number;
  /** Digest of the rows a restore undoes (other writers' rows not identical in the snapshot), and of modified run rows. */
  lost: Digest | null; modified: Digest | null;
};

const count = async (client: ClientBase, sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]?.n ?? 0);

/** The rows a restore would undo (inserted or changed by someone else since the snapshot), in order. */
export function lostRowsSelect(slice: Slice): string {
  const s = scratchOf(slice.table);
  return orderedSelect(slice.table, `${nonRun(slice, 'c')} AND NOT EXISTS (SELECT 1 FROM ${s} s WHERE ${keyMatch(slice.table, 's', 'c')} AND ${rowText(slice.table, 's')} = ${rowText(slice.table, 'c')})`, from(slice));
}

/** Run rows changed by someone after the run wrote them, in order; null when not checkable. */
export function modifiedRunSelect(slice: Slice): string | null {
  if (!slice.run || !slice.xids) return null;
  return orderedSelect(slice.table, `${slice.where('c')} AND ${slice.run('c')} AND NOT (c.xmin = ANY(${xidArray(slice.xids)}))`, from(slice));
}

/**
 * Compares a slice's rows the run did not write with the snapshot (one ordered COPY digest; a diff
 * against the decrypted snapshot rows only when they differ) and counts run rows changed afterwards.
 * Call inside a transaction with fixed output settings; leaves the scratch table loaded when `equal` is false.
 */
export async function analyzeSlice(client: ClientBase, ctx: RollbackContext, slice: Slice): Promise<SliceFacts> {
  const facts: SliceFacts = { table: slice.table.name, tenantId: slice.tenantId, equal: true, inserted: 0, changed: 0, deleted: 0, modifiedRun: 0, lost: null, modified: null };
  let scratch = slice.wholeSegment ? null : await loadScratch(client, ctx, slice);
  const expected = scratch
    ? await copyDigest(client, orderedSelect(slice.table, slice.where('s'), `${scratch} s`))
    : { rows: slice.segment?.rows ?? 0, checksum: slice.segment?.checksum ?? EMPTY_CHECKSUM };
  const actual = await copyDigest(client, orderedSelect(slice.table, nonRun(slice, 'c'), from(slice)));
  facts.equal = actual.rows === expected.rows && actual.checksum === expected.checksum;
  const modified = modifiedRunSelect(slice);
  if (modified) {
    facts.modifiedRun = await count(client, `SELECT count(*) AS n FROM (${modified}) m`);
    if (facts.modifiedRun > 0) facts.modified = await copyDigest(client, modified);
  }
  if (facts.equal) return facts;
  scratch ??= await loadScratch(client, ctx, slice);
  const t = slice.table;
  facts.inserted = await count(client, `SELECT count(*) AS n FROM ${from(slice)} WHERE ${nonRun(slice, 'c')} AND NOT EXISTS (SELECT 1 FROM ${scratch} s WHERE ${keyMatch(t, 's', 'c')})`);
  facts.deleted = await count(client, `SELECT count(*) AS n FROM ${scratch} s WHERE ${slice.where('s')} AND NOT EXISTS (SELECT 1 FROM ${from(slice)} WHERE ${keyMatch(t, 's', 'c')})`);
  facts.changed = await count(client, `SELECT count(*) AS n FROM ${from(slice)} JOIN ${scratch} s ON ${keyMatch(t, 's', 'c')} WHERE ${nonRun(slice, 'c')} AND ${rowText(t, 's')} <> ${rowText(t, 'c')}`);
  facts.lost = await copyDigest(client, lostRowsSelect(slice));
  return facts;
}
