import type { FileIdentity } from '../legacy/open-legacy-file';
import type { Db } from '../db/pool';
import { interpretLine } from '../legacy/interpret-line';
import type { CollectionTarget } from '../mapping/resolve-targets';
import { cellBucket, cellKey, cellTenant, type CellSums } from './cell-sums';
import { diffFields, type ChangedCandidate } from './field-diff';
import type { LegacyPass } from './legacy-pass';
import { targetRowsOf, type TargetRow } from './target-cells';
import { UNPLACEABLE, type TenantIndex } from './tenant-index';
import { readLinesAt } from './read-lines-at';
import { findCopies } from './find-copies';

export type DiffKind = 'missing' | 'extra' | 'changed' | 'wrong_tenant';

/** One document that differs, as a person looks it up: legacy id, legacy line, tenant(s), differing fields. */
export type DiffSample = { id: string; kind: DiffKind; tenant: number; otherTenants?: number[]; line: number | null; fields?: string[] };

export type CollectionDiff = {
  counts: Record<DiffKind, number>;
  /** Per tenant index: counts by kind. */
  perTenant: Map<number, Record<DiffKind, number>>;
  /** Up to `SAMPLES` per kind. */
  samples: DiffSample[];
  /** Documents whose text differed but whose values are equal (not differences). */
  textOnly: number;
  /** Changed documents counted without reading their target rows (over the comparison budget). */
  uncompared: number;
  /** Ids of documents whose target row holds a password-like field that differs from the legacy one, with the field. */
  changedPasswords: { id: string; field: string; value: unknown }[];
  /** Set when too many rows differ to name them one by one (memory stays bounded): counts come from the cells. */
  coarse?: { cells: number; rows: number };
};

const SAMPLES = 20;
/** Target rows of differing cells a drill-down reads at most (about 100 bytes each in memory). */
const ROW_BUDGET = 300_000;
/** Changed documents whose target rows are read and compared field by field; more are counted only. */
const COMPARE_BUDGET = 2000;
/** Differing legacy lines read at a time (their text is held until classified). */
const READ_BATCH = 1000;

const zero = (): Record<DiffKind, number> => ({ missing: 0, extra: 0, changed: 0, wrong_tenant: 0 });

/**
 * Finds the exact documents behind differing checksum cells. The target rows of those cells only are
 * read with their hashes; legacy documents of those cells whose (tenant, hash) a target row matches are
 * settled without reading; the others — the differing ones — are read again from the file, each line
 * at its known offset, and classified by id: changed (same id,
 * same tenant, different content, with the differing fields), in the wrong tenant (same id under
 * another tenant), missing (no row); target rows left over are extra (or a second copy of a document
 * that is under another tenant). So the cost is proportional to the differing cells, not the collection.
 */
export async function drillDown(db: Db, input: { file: string; identity: FileIdentity | null; target: CollectionTarget; tenants: TenantIndex; pass: LegacyPass; cells: number[]; targetCells: CellSums; passwordFields: ReadonlySet<string> }): Promise<CollectionDiff> {
  const { pass, target, tenants } = input;
  const diff: CollectionDiff = { counts: zero(), perTenant: new Map(), samples: [], textOnly: 0, uncompared: 0, changedPasswords: [] };
  const rowsToRead = input.cells.reduce((n, cell) => n + (input.targetCells.get(cell)?.count ?? 0), 0);
  if (rowsToRead > ROW_BUDGET) return coarseDiff(diff, input.cells, pass.cells, input.targetCells, rowsToRead);
  const note = (sample: DiffSample) => {
    diff.counts[sample.kind] += 1;
    const perTenant = diff.perTenant.get(sample.tenant) ?? zero();
    perTenant[sample.kind] += 1;
    diff.perTenant.set(sample.tenant, perTenant);
    if (diff.samples.filter((s) => s.kind === sample.kind).length < SAMPLES) diff.samples.push(sample);
  };

  const differing = new Set(input.cells);
  const byTenant = new Map<number, number[]>();
  for (const cell of input.cells) byTenant.set(cellTenant(cell), [...(byTenant.get(cellTenant(cell)) ?? []), cellBucket(cell)]);
  const rows = await targetRowsOf(db, target, tenants, byTenant);

  // Settle every legacy document of the differing cells that a target row matches exactly.
  const unmatched = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const key = `${row.tenant}:${row.high}:${row.low}`;
    unmatched.set(key, [...(unmatched.get(key) ?? []), i]);
  });
  const used = new Uint8Array(rows.length);
  const candidates: number[] = [];
  for (let i = 0; i < pass.count; i++) {
    if (!differing.has(cellKey(pass.tenant[i] as number, pass.bucket[i] as number))) continue;
    const same = unmatched.get(`${pass.tenant[i]}:${pass.high[i]}:${pass.low[i]}`);
    const row = same?.pop();
    if (row === undefined) candidates.push(i);
    else used[row] = 1;
  }
  const leftover = new Map<string, TargetRow[]>();
  rows.forEach((row, i) => {
    if (!used[i]) leftover.set(row.legacyId, [...(leftover.get(row.legacyId) ?? []), row]);
  });

  // Re-read the differing legacy documents only, and classify each by id.
  const changed: (ChangedCandidate & { line: number })[] = [];
  for (let from = 0; from < candidates.length; from += READ_BATCH) {
    const batch = candidates.slice(from, from + READ_BATCH);
    const texts = await readLinesAt(input.file, input.identity, batch.map((i) => pass.offsets[i] as number));
    batch.forEach((i, k) => classify(i, texts[k] as string));
  }
  function classify(i: number, text: string): void {
    const line = pass.lines[i] as number;
    const result = interpretLine(text, 'read', true);
    const tenant = pass.tenant[i] as number;
    if (result.kind !== 'document') {
      note({ id: `(line ${line})`, kind: 'missing', tenant, line });
      return;
    }
    const id = result.key;
    const rowsOfId = leftover.get(id) ?? [];
    const here = rowsOfId.findIndex((r) => r.tenant === tenant);
    if (here !== -1 && tenant !== UNPLACEABLE) {
      rowsOfId.splice(here, 1);
      if (changed.length < COMPARE_BUDGET) changed.push({ id, tenant, doc: result.doc, line });
      else {
        diff.uncompared += 1;
        note({ id, kind: 'changed', tenant, line });
      }
    } else if (rowsOfId.length > 0) {
      note({ id, kind: 'wrong_tenant', tenant, otherTenants: rowsOfId.map((r) => r.tenant), line });
      rowsOfId.length = 0;
    } else note({ id, kind: 'missing', tenant, line });
    if (rowsOfId.length === 0) leftover.delete(id);
  }

  for (const found of await diffFields(db, target, tenants, changed)) {
    const line = changed.find((c) => c.id === found.id && c.tenant === found.tenant)?.line ?? null;
    if (found.fields.length === 0) {
      diff.textOnly += 1;
      continue;
    }
    note({ id: found.id, kind: 'changed', tenant: found.tenant, line, fields: found.fields });
    for (const field of found.fields) {
      if (input.passwordFields.has(field)) diff.changedPasswords.push({ id: found.id, field, value: found.targetValues.get(field) });
    }
  }

  // Rows no legacy document of their tenant explains: extra, or a copy of a document that lives under another tenant.
  const extras = [...leftover.values()].flat();
  const copies = await findCopies(db, target, tenants, extras);
  for (const row of extras) {
    const elsewhere = copies.get(row.legacyId)?.filter((t) => t !== row.tenant) ?? [];
    if (elsewhere.length > 0) note({ id: row.legacyId, kind: 'wrong_tenant', tenant: elsewhere[0] as number, otherTenants: [row.tenant], line: null });
    else note({ id: row.legacyId, kind: 'extra', tenant: row.tenant, line: null });
  }
  return diff;
}

/**
 * When most of a large collection differs, the differences are counted from the cells instead of named:
 * per tenant, documents missing (legacy count above the target's) and extra (below), at least.
 */
function coarseDiff(diff: CollectionDiff, cells: number[], legacy: CellSums, target: CellSums, rows: number): CollectionDiff {
  for (const cell of cells) {
    const a = legacy.get(cell)?.count ?? 0;
    const b = target.get(cell)?.count ?? 0;
    const tenant = cellTenant(cell);
    const perTenant = diff.perTenant.get(tenant) ?? zero();
    if (a > b) perTenant.missing += a - b;
    if (b > a) perTenant.extra += b - a;
    diff.perTenant.set(tenant, perTenant);
    diff.counts.missing += Math.max(0, a - b);
    diff.counts.extra += Math.max(0, b - a);
  }
  diff.coarse = { cells: cells.length, rows };
  return diff;
}
