import type { Db } from '../db/pool';
import { listCollections } from '../legacy/list-collections';
import type { MigrationSource } from '../migration/migration-source';
import { slotOf } from './legacy-index';
import { currentLegacyIndex, readLegacyDocument } from './legacy-store';
import { resolveCollection } from './resolve-collection';
import { recordComparison } from './shadow-compare';

/** Documents compared per collection when the baseline is measured. */
const PER_COLLECTION = 5;

/**
 * The noise baseline of shadow reads: a sample of documents of every legacy collection read twice from
 * the legacy store and compared exactly as a shadow read compares Nile with legacy. What differs here
 * is not a migration error (a file changing under the reads, a comparison that is not deterministic),
 * so the promotion gate judges shadow mismatches above this rate. Counted as `noise.*`. Returns the
 * number of documents compared.
 */
export async function measureNoiseBaseline(db: Db, source: MigrationSource, perCollection = PER_COLLECTION): Promise<number> {
  let compared = 0;
  for (const { name } of (await listCollections(source.legacyDir)).collections) {
    const ref = await resolveCollection(db, source, name);
    if (!ref.file) continue;
    const index = await currentLegacyIndex(ref);
    const ids = index.sortedIds.get(null) ?? [];
    const step = Math.max(1, Math.floor(ids.length / perCollection));
    const pairs = [];
    for (let i = 0; i < ids.length && pairs.length < perCollection; i += step) {
      const id = ids[i] as string;
      const tenant = index.tenants[slotOf(index.finalLines, index.lines.get(id) as number)] as number;
      const tenantKey = ref.target.category === 'admin' ? null : tenant >= 0 ? (index.tenantKeys[tenant] as string) : undefined;
      if (tenantKey === undefined) continue; // no tenant: never in Nile, never read through the adapter
      const [first, second] = [await readLegacyDocument(ref, id, tenantKey), await readLegacyDocument(ref, id, tenantKey)];
      pairs.push({ legacyId: id, primary: first, other: second, tenantKey });
    }
    if (pairs.length === 0) continue;
    await recordComparison(db, { kind: 'noise', collection: name, tenantKey: null, primary: 'legacy', pairs });
    compared += pairs.length;
  }
  return compared;
}
