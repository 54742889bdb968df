import type { Db } from '../db/pool';
import type { StoreName } from '../../shared/contracts/adapter';
import { count } from './adapter-metrics';
import { differingFields } from './compare-documents';
import type { AdapterDocument } from './legacy-shape';

/** Mismatch records kept for inspection (the newest). */
export const KEPT_MISMATCHES = 1000;
/** Mismatches recorded from one page comparison at most (the counters count them all). */
const RECORDED_PER_PAGE = 20;

export type Comparison = {
  kind: 'shadow' | 'noise';
  collection: string;
  tenantKey: string | null;
  primary: StoreName;
  /** Pairs of the same document from the primary and the other store (null = that store lacks it). */
  pairs: { legacyId: string; primary: AdapterDocument | null; other: AdapterDocument | null }[];
};

function fieldsOf(primary: AdapterDocument | null, other: AdapterDocument | null, primaryStore: StoreName): string[] {
  const otherStore: StoreName = primaryStore === 'new' ? 'legacy' : 'new';
  if (primary && other) return differingFields(primary, other);
  if (primary) return [`(missing in ${otherStore})`];
  if (other) return [`(missing in ${primaryStore})`];
  return [];
}

/**
 * Compares documents read from both stores (deep equality of the legacy shape) and counts them; each
 * mismatch is recorded with its ids and the names of the differing fields — no value is stored, so no
 * password hash or email is copied. Returns the mismatches' field lists (empty lists for equal pairs).
 */
export async function recordComparison(db: Db, comparison: Comparison): Promise<string[][]> {
  const results = comparison.pairs.map((p) => fieldsOf(p.primary, p.other, comparison.primary));
  const mismatched = comparison.pairs.flatMap((p, i) => ((results[i] as string[]).length > 0 ? [{ legacyId: p.legacyId, fields: results[i] as string[] }] : []));
  count(db, comparison.collection, `${comparison.kind}.compared`, comparison.pairs.length);
  if (mismatched.length === 0) return results;
  count(db, comparison.collection, `${comparison.kind}.mismatched`, mismatched.length);
  const recorded = mismatched.slice(0, RECORDED_PER_PAGE);
  await db.query(
    `INSERT INTO ferry.shadow_mismatches (kind, collection, legacy_id, tenant_key, primary_store, fields)
     SELECT $1, $2, r.legacy_id, $3, $4, r.fields FROM jsonb_to_recordset($5::jsonb) AS r(legacy_id text, fields text[])`,
    [comparison.kind, comparison.collection, comparison.tenantKey, comparison.primary, JSON.stringify(recorded.map((m) => ({ legacy_id: m.legacyId, fields: m.fields })))],
  );
  await db.query(
    `DELETE FROM ferry.shadow_mismatches WHERE id < (SELECT min(id) FROM (SELECT id FROM ferry.shadow_mismatches ORDER BY id DESC LIMIT $1) newest)`,
    [KEPT_MISMATCHES],
  );
  return results;
}
