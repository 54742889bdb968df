import type { Db } from '../db/pool';
import { isDatabaseUnavailable } from '../db/pg-errors';
import { getLogger } from '../log/logger';
import type { Latency, StoreName } from '../../shared/contracts/adapter';
import { processState } from './process-state';

export const METRICS = ['reads.legacy', 'reads.new', 'errors.legacy', 'errors.new', 'fallbacks', 'shadow.compared', 'shadow.mismatched', 'noise.compared', 'noise.mismatched'] as const;
export type Metric = (typeof METRICS)[number];
export type Counters = Map<string, Map<Metric, number>>;

/** Latencies kept per store and process: the newest this many, for p50/p95. */
const RESERVOIR = 1024;
const FLUSH_MS = 2000;

// One set per process, whichever route bundle counts (process-state.ts).
const pending = processState('pending-counters', () => new Map<Db, Counters>());
const timers = processState('flush-timers', () => new Map<Db, NodeJS.Timeout>());
const reservoirs = processState('latency-reservoirs', (): Record<StoreName, { values: Float64Array; count: number }> => ({
  legacy: { values: new Float64Array(RESERVOIR), count: 0 },
  new: { values: new Float64Array(RESERVOIR), count: 0 },
}));

/** Adds to a counter of this process; written to `ferry.adapter_counters` within two seconds. */
export function count(db: Db, collection: string, metric: Metric, n = 1): void {
  let counters = pending.get(db);
  if (!counters) pending.set(db, (counters = new Map()));
  let metrics = counters.get(collection);
  if (!metrics) counters.set(collection, (metrics = new Map()));
  metrics.set(metric, (metrics.get(metric) ?? 0) + n);
  if (!timers.has(db)) {
    const timer = setTimeout(() => {
      timers.delete(db);
      void flushAdapterCounters(db);
    }, FLUSH_MS);
    timer.unref();
    timers.set(db, timer);
  }
}

/** Records how long one read of a store took (milliseconds). */
export function recordLatency(store: StoreName, ms: number): void {
  const reservoir = reservoirs[store];
  reservoir.values[reservoir.count % RESERVOIR] = ms;
  reservoir.count += 1;
}

/** p50 and p95 of this process's recent reads of a store (null before any read). */
export function latencyOf(store: StoreName): Latency {
  const { values, count: seen } = reservoirs[store];
  const n = Math.min(seen, RESERVOIR);
  if (n === 0) return { p50: null, p95: null, samples: 0 };
  const sorted = Float64Array.from(values.subarray(0, n)).sort();
  const at = (q: number) => Math.round((sorted[Math.min(n - 1, Math.floor(q * n))] as number) * 10) / 10;
  return { p50: at(0.5), p95: at(0.95), samples: n };
}

/** What this process counted but has not written yet (added to the stored counters by the stats). */
export function unflushedCounters(db: Db): Counters {
  return pending.get(db) ?? new Map();
}

/**
 * Writes this process's counters (added to the stored ones, one statement). When the database is
 * unreachable they are kept for the next flush (no count lost or written twice); any other failure
 * (a pool ended at shutdown) drops them with a warning rather than retrying forever.
 */
export async function flushAdapterCounters(db: Db): Promise<void> {
  const counters = pending.get(db);
  if (!counters || counters.size === 0) return;
  pending.delete(db);
  const rows = [...counters].flatMap(([collection, metrics]) => [...metrics].map(([metric, value]) => ({ collection, metric, value })));
  try {
    await db.query(
      `INSERT INTO ferry.adapter_counters (collection, metric, value)
       SELECT collection, metric, value FROM jsonb_to_recordset($1::jsonb) AS r(collection text, metric text, value bigint)
       ON CONFLICT (collection, metric) DO UPDATE SET value = ferry.adapter_counters.value + excluded.value, updated_at = now()`,
      [JSON.stringify(rows)],
    );
  } catch (error) {
    // Kept for the next flush while the database is away; a pool that was ended (shutdown) is gone for good.
    if (!isDatabaseUnavailable(error)) {
      getLogger().warn({ err: error }, 'adapter counters not written; dropped');
      return;
    }
    for (const row of rows) count(db, row.collection, row.metric, row.value);
    getLogger().warn({ err: error }, 'adapter counters not written; kept for the next flush');
  }
}

/** Starts a new observation period (entering hybrid): stored and unwritten counters and latencies are dropped. */
export async function resetAdapterCounters(db: Db): Promise<void> {
  pending.delete(db);
  await db.query(`DELETE FROM ferry.adapter_counters`);
  for (const reservoir of Object.values(reservoirs)) reservoir.count = 0;
}
