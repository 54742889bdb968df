import type { Db } from '../db/pool';
import { quoteIdent } from '../db/sql';
import type { CollectionTarget } from '../mapping/resolve-targets';
import { canonicalJson } from './canonical-json';
import type { TenantIndex } from './tenant-index';
import { typedExpected, typedPartNames, typedRowSql } from './typed-canonical';

/** A legacy document the checksums say differs from its target row (same id, same tenant). */
export type ChangedCandidate = { id: string; tenant: number; doc: Record<string, unknown> };

/** What differs: the top-level fields (or typed columns) whose values differ; empty when only the text differed. */
export type FieldDiff = { id: string; tenant: number; fields: string[]; targetValues: Map<string, unknown> };

/** Deep equality of two JSON values where numbers compare by value (`1.50` equals `1.5`). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => sameValue(x, (b as unknown[])[i]));
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  return ak.length === bk.length && ak.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** True when two values print differently but are equal as JSON values (numbers by value). */
function equalValues(a: unknown, b: unknown): boolean {
  const x = canonicalJson(a);
  const y = canonicalJson(b);
  return x === y || sameValue(JSON.parse(x), JSON.parse(y));
}

function differingKeys(expected: Record<string, unknown>, actual: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  return [...keys].filter((k) => !(Object.hasOwn(expected, k) && Object.hasOwn(actual, k) && equalValues(expected[k], actual[k]))).sort();
}

/**
 * Reads the target rows of changed candidates and names what differs, comparing values: a field whose
 * text differs but whose value is equal (a hand-written `1.50` read back as `1.5`) does not count, so a
 * document differing only in such text comes back with no fields (not a difference). Typed tables are
 * compared column by column (and `extra` key by key). Target values are returned only for the callers'
 * password checks; they are never reported.
 */
export async function diffFields(db: Db, target: CollectionTarget, tenants: TenantIndex, candidates: ChangedCandidate[]): Promise<FieldDiff[]> {
  if (candidates.length === 0) return [];
  const typed = target.kind === 'typed';
  const shared = target.kind === 'admin_documents';
  const content = typed ? typedRowSql(target, 't') : 't.data::text';
  const params: unknown[] = [[...new Set(candidates.map((c) => c.id))]];
  const where = ['t.legacy_id = ANY($1::text[])'];
  if (!typed) where.push(`t.collection = $${params.push(target.collection)}`);
  if (!shared) where.push(`t.tenant_id = ANY($${params.push([...new Set(candidates.map((c) => tenants.uuidOf(c.tenant)))])}::uuid[])`);
  const { rows } = await db.query<{ tenant_id: string | null; legacy_id: string; content: string }>(
    `SELECT ${shared ? 'NULL::uuid AS tenant_id' : 't.tenant_id'}, t.legacy_id, ${content} AS content FROM ${quoteIdent(target.table)} t WHERE ${where.join(' AND ')}`, params);
  const found = new Map(rows.map((r) => [`${tenants.ofUuid(r.tenant_id)}/${r.legacy_id}`, JSON.parse(r.content) as unknown]));
  const out: FieldDiff[] = [];
  const names = typed ? typedPartNames(target) : [];
  for (const c of candidates) {
    const actual = found.get(`${c.tenant}/${c.id}`);
    if (actual === undefined) continue;
    if (!typed) {
      const record = actual as Record<string, unknown>;
      const fields = differingKeys(c.doc, record);
      out.push({ id: c.id, tenant: c.tenant, fields, targetValues: new Map(fields.map((f) => [f, record[f]])) });
      continue;
    }
    const expected = typedExpected(target, c.doc);
    const parts = actual as unknown[];
    const fields: string[] = [];
    if (expected.ok) {
      const extra = differingKeys(expected.values[0] as Record<string, unknown>, (parts[0] ?? {}) as Record<string, unknown>);
      fields.push(...extra.map((k) => `extra.${k}`));
      for (let i = 1; i < names.length; i++) if (!equalValues(expected.values[i], parts[i])) fields.push(names[i] as string);
    } else fields.push('(the legacy document does not convert)');
    out.push({ id: c.id, tenant: c.tenant, fields, targetValues: new Map() });
  }
  return out;
}
