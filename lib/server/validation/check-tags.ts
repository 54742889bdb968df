import type { Db } from '../db/pool';
import { quoteIdent } from '../db/sql';
import type { ValidationResult } from '../../shared/contracts/validation';
import type { RunCollection } from './check-collection';

/**
 * Rows that do not say which legacy collection they came from (seed 004's `_collection` tags; Ferry's
 * `collection` column of the document tables): rows tagged with no collection of the run, or with a
 * collection that goes to another table, and typed-table rows without a legacy id. Their counts come
 * from the target pass when it read the whole table (`known`), else from one count per table here.
 */
export async function checkTags(db: Db, collections: RunCollection[], known: Map<string, Map<string, number> | null>, typedWithoutLegacyId: Map<string, number>): Promise<ValidationResult[]> {
  const results: ValidationResult[] = [];
  for (const table of ['app_documents', 'admin_documents']) {
    const expected = new Set(collections.filter((c) => c.target.kind === table).map((c) => c.collection));
    if (expected.size === 0) continue;
    let counts = known.get(table) ?? null;
    if (!counts) {
      const { rows } = await db.query<{ tag: string; n: number }>(`SELECT collection AS tag, count(*)::int AS n FROM ${quoteIdent(table)} GROUP BY collection`);
      counts = new Map(rows.map((r) => [r.tag, r.n]));
    }
    for (const [tag, n] of counts) {
      if (expected.has(tag) || n === 0) continue;
      const elsewhere = collections.find((c) => c.collection === tag);
      const { rows } = await db.query<{ legacy_id: string }>(`SELECT legacy_id FROM ${quoteIdent(table)} WHERE collection = $1 ORDER BY legacy_id LIMIT 20`, [tag]);
      results.push({
        check: 'collection_tags', severity: 'warning', count: n, sample: rows.map((r) => r.legacy_id),
        message: tag.trim() === ''
          ? `${n} row(s) of ${table} have an empty collection tag: no legacy collection claims them.`
          : elsewhere
            ? `${n} row(s) of ${table} are tagged ${tag}, whose documents go to ${elsewhere.target.table}.`
            : `${n} row(s) of ${table} are tagged ${tag}, which is no collection of this run.`,
      });
    }
  }
  for (const [table, n] of typedWithoutLegacyId) {
    if (n > 0) results.push({ check: 'collection_tags', severity: 'warning', count: n, message: `${n} row(s) of ${table} have no legacy id: no legacy document claims them.` });
  }
  return results;
}
