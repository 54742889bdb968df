/**
 * `npm run bench:adapter [-- --docs 100000 --reads 2000]`: the query adapter's single-document reads,
 * each store against a baseline measured in the same run:
 * - legacy mode against a raw positioned read of the same record plus JSON.parse (the floor of any
 *   index-based reader), and against what a reader without an index does per request (reading and parsing the
 *   whole file, a few reads only);
 * - new mode against the same primary-key SELECT inside withTenant done directly;
 * - hybrid with a 10% shadow sample against new mode.
 * Prints JSON lines; ratios are baseline time / adapter time (1 = as fast as the baseline).
 */
import { open, readFile } from 'node:fs/promises';
import { flushAdapterCounters } from '../server/adapter/adapter-metrics';
import { readDocument } from '../server/adapter/query-adapter';
import { currentLegacyIndex } from '../server/adapter/legacy-store';
import { slotOf } from '../server/adapter/legacy-index';
import { resolveCollection } from '../server/adapter/resolve-collection';
import { withTenant } from '../server/db/with-tenant';
import { listCollections } from '../server/legacy/list-collections';
import { documentUuid, tenantUuid } from '../server/mapping/ids';
import type { AdapterConfig } from '../shared/contracts/adapter';
import { benchSource, generateBenchStore, median, migrateToEnd, openBenchDatabase, option, printer, ratio, round1 } from './bench-kit';

const print = printer('adapter');
const docs = option('docs', 100_000);
const reads = option('reads', 2000);
const mode = (m: AdapterConfig['mode']): AdapterConfig => ({ mode: m, preferNew: true, fallbackEnabled: true });

type Sample = { collection: string; id: string; tenant: string | null; file: string; start: number; end: number };

type Timing = { perSecond: number; p50: number; p95: number };

/** Reads every sample with every reader in turn; per reader: reads per second of its own time, p50/p95 in ms. */
async function timeInterleaved(samples: Sample[], readers: Record<string, (s: Sample) => Promise<unknown>>): Promise<Record<string, Timing>> {
  const times = new Map(Object.keys(readers).map((name) => [name, [] as number[]]));
  const entries = Object.entries(readers);
  for (const [i, sample] of samples.entries()) {
    // The reader that goes first pays for a cold page cache: rotate who goes first.
    for (const [name, read] of [...entries.slice(i % entries.length), ...entries.slice(0, i % entries.length)]) {
      const started = performance.now();
      await read(sample);
      times.get(name)?.push(performance.now() - started);
    }
  }
  const timing = (list: number[]): Timing => {
    const sorted = [...list].sort((a, b) => a - b);
    const total = list.reduce((sum, ms) => sum + ms, 0) / 1000;
    const ms = (n: number) => Math.round(n * 100) / 100;
    return { perSecond: Math.round(list.length / total), p50: ms(median(list)), p95: ms(sorted[Math.floor(sorted.length * 0.95)] as number) };
  };
  return Object.fromEntries([...times].map(([name, list]) => [name, timing(list)]));
}

async function main(): Promise<void> {
  const legacyDir = await generateBenchStore({ docs, collections: 10, tenants: 20 }, print);
  const bench = await openBenchDatabase(12);
  try {
    const load = await migrateToEnd(bench.db, legacyDir, { batchSize: 2000, concurrency: 3 });
    print({ step: 'migrated', seconds: round1(load.seconds) });
    const source = benchSource(legacyDir);
    const samples: Sample[] = [];
    const indexStart = performance.now();
    const collections = (await listCollections(legacyDir)).collections;
    for (const c of collections) {
      const ref = await resolveCollection(bench.db, source, c.name);
      const index = await currentLegacyIndex(ref);
      const ids = index.sortedIds.get(null) ?? [];
      for (let i = 0; i < reads / collections.length; i += 1) {
        const id = ids[Math.floor(Math.random() * ids.length)] as string;
        const slot = slotOf(index.finalLines, index.lines.get(id) as number);
        const tenant = ref.target.category === 'admin' ? null : (index.tenantKeys[index.tenants[slot] as number] ?? null);
        if (ref.target.category !== 'admin' && tenant === null) continue;
        samples.push({ collection: c.name, id, tenant, file: c.file, start: index.offsets[slot] as number, end: index.ends[slot] as number });
      }
    }
    print({ step: 'indexed', collections: collections.length, seconds: round1((performance.now() - indexStart) / 1000), samples: samples.length });

    // Every sample is read by each reader in turn, so a change of load on the shared machine hits all alike.
    const readers: Record<string, (s: Sample) => Promise<unknown>> = {
      raw: async (s) => {
        const handle = await open(s.file, 'r');
        const buffer = Buffer.allocUnsafe(s.end - s.start);
        await handle.read(buffer, 0, buffer.length, s.start);
        await handle.close();
        return JSON.parse(buffer.toString('utf8').trimEnd());
      },
      legacy: (s) => readDocument(bench.db, source, { collection: s.collection, id: s.id, tenant: s.tenant }, { config: mode('legacy') }),
      direct: (s) => {
        const id = documentUuid(s.collection, s.id);
        if (s.tenant === null) return bench.db.query(`SELECT data FROM admin_documents WHERE id = $1`, [id]);
        const tenantId = tenantUuid(s.tenant);
        return withTenant(bench.db, tenantId, (c) => c.query(`SELECT data FROM app_documents WHERE tenant_id = $1 AND id = $2`, [tenantId, id]));
      },
      new: (s) => readDocument(bench.db, source, { collection: s.collection, id: s.id, tenant: s.tenant }, { config: mode('new') }),
      hybrid: (s) => readDocument(bench.db, source, { collection: s.collection, id: s.id, tenant: s.tenant }, { config: mode('hybrid'), shadowSample: 0.1 }),
    };
    const t = await timeInterleaved(samples, readers);
    // Without an index every request reads and parses the whole file (NeDB itself would also compact it).
    const naive = await timeInterleaved(samples.slice(0, 10), {
      whole: async (s) => {
        let found: unknown = null;
        for (const line of (await readFile(s.file, 'utf8')).split('\n')) {
          const doc = line ? (JSON.parse(line) as { _id?: unknown }) : null;
          if (doc && String(doc._id) === s.id) found = doc;
        }
        return found;
      },
    });
    const at = (name: string) => t[name] as Timing;
    print({ store: 'legacy', adapterReadsPerSecond: at('legacy').perSecond, p50ms: at('legacy').p50, p95ms: at('legacy').p95, rawReadsPerSecond: at('raw').perSecond, ratioToRaw: ratio(at('legacy').perSecond / at('raw').perSecond), wholeFilePerRequestReadsPerSecond: naive.whole?.perSecond, speedupOverReadingTheFile: ratio(at('legacy').perSecond / (naive.whole?.perSecond ?? 1)) });
    print({ store: 'new', adapterReadsPerSecond: at('new').perSecond, p50ms: at('new').p50, p95ms: at('new').p95, directReadsPerSecond: at('direct').perSecond, ratioToDirect: ratio(at('new').perSecond / at('direct').perSecond) });
    print({ store: 'hybrid', shadowSample: 0.1, adapterReadsPerSecond: at('hybrid').perSecond, p50ms: at('hybrid').p50, p95ms: at('hybrid').p95, ratioToNew: ratio(at('hybrid').perSecond / at('new').perSecond) });
    print({ summary: true, docs, reads: samples.length, legacyRatioToRaw: ratio(at('legacy').perSecond / at('raw').perSecond), newRatioToDirect: ratio(at('new').perSecond / at('direct').perSecond), hybridRatioToNew: ratio(at('hybrid').perSecond / at('new').perSecond) });
  } finally {
    await flushAdapterCounters(bench.db);
    await bench.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
