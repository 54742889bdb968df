import type { Db } from '../db/pool';
import { quoteIdent } from '../db/sql';
import { deserializeNedb } from '../legacy/nedb-deserialize';
import { documentUuid } from '../mapping/ids';
import type { ValidationResult } from '../../shared/contracts/validation';
import type { CollectionFacts, RunCollection } from './check-collection';
import type { LatencySample } from './latency-sampler';
import { readLinesAt } from './read-lines-at';

const SAMPLES = 200;
/** The target is "much slower" when its p95 is above this and above 10 × the legacy read path's p95. */
const WARN_P95_MS = 50;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

const ms = (n: number) => Math.round(n * 100) / 100;

/** Reads one document the way a legacy read path does: its offset from an id index, one open and read, NeDB's parse. */
async function readLegacy(file: string, offset: number): Promise<void> {
  const [text] = await readLinesAt(file, null, [offset]);
  deserializeNedb(text as string);
}

/** SQL and parameters reading one migrated document by (tenant, collection, legacy id) through its primary key or legacy-id index. */
function targetRead(run: RunCollection, sample: LatencySample): [string, unknown[]] {
  const table = quoteIdent(run.target.table);
  if (run.target.kind === 'admin_documents') return [`SELECT data FROM ${table} WHERE id = $1`, [documentUuid(run.collection, sample.id)]];
  if (run.target.kind === 'app_documents') return [`SELECT data FROM ${table} WHERE tenant_id = $1 AND id = $2`, [sample.tenant, documentUuid(run.collection, sample.id)]];
  return [`SELECT * FROM ${table} WHERE tenant_id = $1 AND legacy_id = $2`, [sample.tenant, sample.id]];
}

/**
 * Read latency: the documents sampled during the legacy pass are read one at a time from the target
 * (by tenant and the deterministic id of (collection, legacy id)) and from the legacy files through an
 * id → offset index, and both are timed. p50/p95 of each are info; a warning when the target is much
 * slower (p95 above 50 ms and above ten times the legacy path's).
 */
export async function checkLatency(db: Db, collections: RunCollection[], facts: Map<string, CollectionFacts>): Promise<ValidationResult[]> {
  const all = [...facts.values()].flatMap((f) => f.latency ?? []);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [all[i], all[j]] = [all[j] as LatencySample, all[i] as LatencySample];
  }
  const samples = all.slice(0, SAMPLES);
  if (samples.length === 0) return [{ check: 'read_latency', severity: 'info', message: 'No document to time reads with.' }];
  const byName = new Map(collections.map((c) => [c.collection, c]));
  // The legacy read path's index: id → byte offset of the document's final line, per collection.
  const index = new Map<string, Map<string, number>>();
  for (const s of samples) index.set(s.collection, (index.get(s.collection) ?? new Map()).set(s.id, s.offset));
  const legacy: number[] = [];
  const target: number[] = [];
  let notFound = 0;
  for (const sample of samples) {
    const run = byName.get(sample.collection);
    if (!run) continue;
    let started = performance.now();
    await readLegacy(run.file, index.get(sample.collection)?.get(sample.id) as number);
    legacy.push(performance.now() - started);
    const [sql, params] = targetRead(run, sample);
    started = performance.now();
    const { rowCount } = await db.query(sql, params);
    target.push(performance.now() - started);
    if (!rowCount) notFound += 1;
  }
  legacy.sort((a, b) => a - b);
  target.sort((a, b) => a - b);
  const figures = { legacyP50: ms(percentile(legacy, 0.5)), legacyP95: ms(percentile(legacy, 0.95)), targetP50: ms(percentile(target, 0.5)), targetP95: ms(percentile(target, 0.95)) };
  const results: ValidationResult[] = [{
    check: 'read_latency', severity: 'info', count: samples.length, expected: `${figures.legacyP50} / ${figures.legacyP95} ms`, actual: `${figures.targetP50} / ${figures.targetP95} ms`,
    message: `Reads of ${samples.length} sampled documents: target p50 ${figures.targetP50} ms, p95 ${figures.targetP95} ms; legacy read path (id → offset index) p50 ${figures.legacyP50} ms, p95 ${figures.legacyP95} ms.${notFound ? ` ${notFound} sampled document(s) were not found in the target.` : ''}`,
  }];
  if (figures.targetP95 > WARN_P95_MS && figures.targetP95 > 10 * figures.legacyP95) {
    results.push({
      check: 'read_latency', severity: 'warning', expected: `≤ ${WARN_P95_MS} ms`, actual: `${figures.targetP95} ms`,
      message: `Reads from the target are much slower than from the legacy files: p95 ${figures.targetP95} ms against ${figures.legacyP95} ms. Check the target's indexes and load before cutover.`,
    });
  }
  return results;
}
