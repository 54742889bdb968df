import type { Db } from '../db/pool';
import { quoteIdent } from '../db/sql';
import type { CollectionTarget } from '../mapping/resolve-targets';
import type { SampleDetail, ValidationResult } from '../../shared/contracts/validation';
import type { CollectionFacts, RunCollection } from './check-collection';
import { referencesOf, type Reference, type ValidationConfig } from './validation-config';

type Dangling = { total: number; quarantined: number; samples: { doc: string; ref: string; tenant: string | null; quarantined: boolean }[] };

/** SQL yielding (doc, tenant_id, ref) for every value of `field` in the referencing collection's target rows (arrays expanded). */
function referencingValues(source: CollectionTarget, field: string, params: unknown[]): string {
  const tenant = source.kind === 'admin_documents' ? 'NULL::uuid' : 's.tenant_id';
  const column = source.kind === 'typed' ? Object.entries(source.columns).find(([, c]) => c.from === field) : undefined;
  if (column) {
    return `SELECT s.legacy_id AS doc, ${tenant} AS tenant_id, s.${quoteIdent(column[0])}::text AS ref FROM ${quoteIdent(source.table)} s WHERE s.${quoteIdent(column[0])} IS NOT NULL AND s.legacy_id IS NOT NULL`;
  }
  const json = `${source.kind === 'typed' ? 's.extra' : 's.data'} -> $${params.push(field)}::text`;
  const scope = source.kind === 'typed' ? 's.legacy_id IS NOT NULL' : `s.collection = $${params.push(source.collection)}`;
  return `SELECT s.legacy_id AS doc, ${tenant} AS tenant_id, v.ref FROM ${quoteIdent(source.table)} s
          CROSS JOIN LATERAL jsonb_array_elements_text(CASE jsonb_typeof(${json}) WHEN 'array' THEN ${json} ELSE jsonb_build_array(${json}) END) AS v(ref)
          WHERE ${scope} AND jsonb_typeof(${json}) IN ('string', 'number', 'array')`;
}

/** SQL true when the referenced document exists in the target (same tenant for tenant tables). */
function existsIn(target: CollectionTarget, byUuid: boolean, params: unknown[]): string {
  const sameTenant = target.kind === 'admin_documents' ? '' : ' AND r.tenant_id = d.tenant_id';
  if (byUuid) return `EXISTS (SELECT 1 FROM ${quoteIdent(target.table)} r WHERE r.id::text = d.ref${sameTenant})`;
  const collection = target.kind === 'typed' ? '' : ` AND r.collection = $${params.push(target.collection)}`;
  return `EXISTS (SELECT 1 FROM ${quoteIdent(target.table)} r WHERE r.legacy_id = d.ref${collection}${sameTenant})`;
}

async function danglingOf(db: Db, runId: string, source: CollectionTarget, ref: Reference, referenced: CollectionTarget): Promise<Dangling> {
  const params: unknown[] = [runId];
  const byUuid = source.kind === 'typed' && Object.values(source.columns).some((c) => c.from === ref.field && c.type === 'ref');
  const values = referencingValues(source, ref.field, params);
  const exists = existsIn(referenced, byUuid, params);
  const quarantined = `EXISTS (SELECT 1 FROM ferry.quarantine q WHERE q.run_id = $1 AND q.collection = $${params.push(referenced.collection)} AND q.legacy_id = d.ref)`;
  const { rows } = await db.query<{ total: number; quarantined: number; samples: Dangling['samples'] | null }>(
    `WITH d AS (SELECT * FROM (${values}) x WHERE x.ref <> ''), dangling AS (SELECT d.*, ${quarantined} AS quarantined FROM d WHERE NOT ${exists})
     SELECT (SELECT count(*)::int FROM dangling) AS total, (SELECT count(*)::int FROM dangling WHERE quarantined) AS quarantined,
            (SELECT json_agg(s) FROM (SELECT doc, ref, tenant_id AS tenant, quarantined FROM dangling ORDER BY quarantined DESC, doc, ref LIMIT 20) s) AS samples`,
    params);
  const row = rows[0];
  return { total: row?.total ?? 0, quarantined: row?.quarantined ?? 0, samples: row?.samples ?? [] };
}

/**
 * Referential integrity (warnings): references declared in the mapping file or inferred from field
 * names (validation-config.ts) are resolved in the target with SQL, per referencing collection. Dangling
 * ones are counted and sampled, and each sample says why: the referenced document was quarantined, is
 * missing from the target, the referencing document changed in the target, or — none of those, since
 * completeness guarantees the target holds every legacy document that was not quarantined — it was
 * already dangling in the legacy store.
 */
export async function checkReferences(db: Db, runId: string, config: ValidationConfig, collections: RunCollection[], facts: Map<string, CollectionFacts>): Promise<ValidationResult[]> {
  const results: ValidationResult[] = [];
  const names = new Set(collections.map((c) => c.collection));
  const byName = new Map(collections.map((c) => [c.collection, c]));
  let checked = 0;
  for (const run of collections) {
    const fields = new Set(facts.get(run.collection)?.fields ?? []);
    for (const ref of referencesOf(config, run.collection, fields, names, run.target.tenantField)) {
      const referenced = byName.get(ref.target);
      if (!referenced) continue;
      checked += 1;
      const found = await danglingOf(db, runId, run.target, ref, referenced.target);
      if (found.total === 0) continue;
      const missing = new Set(facts.get(ref.target)?.missingIds ?? []);
      const changed = new Set(facts.get(run.collection)?.changedIds ?? []);
      const details: SampleDetail[] = found.samples.map((s) => ({
        id: s.doc, line: null, tenant: s.tenant, problem: 'dangling_reference', fields: [ref.field],
        note: `${ref.field} → ${ref.target} ${s.ref}: ${s.quarantined ? 'that document was quarantined' : missing.has(s.ref) ? 'that document is missing from the target' : changed.has(s.doc) ? 'this document changed in the target' : 'already dangling in the legacy store'}`,
      }));
      const already = found.total - found.quarantined;
      results.push({
        check: 'referential_integrity', severity: 'warning', collection: run.collection, count: found.total,
        sample: [...new Set(found.samples.map((s) => s.doc))], details,
        message: `${found.total} reference(s) ${run.collection}.${ref.field} → ${ref.target} (${ref.declared ? 'declared' : 'inferred'}) point at no document of the same tenant: ` +
          `${found.quarantined} at quarantined documents, ${already} ${missing.size > 0 ? 'not in the target (some may be missing from it, see completeness)' : 'already dangling in the legacy store'}.`,
      });
    }
  }
  results.push({ check: 'referential_integrity', severity: 'info', count: checked, message: `${checked} reference field(s) checked (declared in the mapping file or inferred from <name>Id fields).` });
  return results;
}
