import type { Db } from '../db/pool';
import { unflushedCounters, type Metric } from './adapter-metrics';

export type StoredCounters = { perCollection: Map<string, Map<Metric, number>>; total: Map<Metric, number> };

/** mismatched / compared, 0 when nothing was compared. */
export function rateOf(part: number | undefined, whole: number | undefined): number {
  return whole ? (part ?? 0) / whole : 0;
}

/**
 * The adapter's counters: what every process has written to `ferry.adapter_counters`, plus what this
 * process counted and has not written yet — per collection and in total.
 */
export async function readStoredCounters(db: Db): Promise<StoredCounters> {
  const { rows } = await db.query<{ collection: string; metric: Metric; value: string }>(`SELECT collection, metric, value FROM ferry.adapter_counters`);
  const perCollection = new Map<string, Map<Metric, number>>();
  const add = (collection: string, metric: Metric, value: number) => {
    let metrics = perCollection.get(collection);
    if (!metrics) perCollection.set(collection, (metrics = new Map()));
    metrics.set(metric, (metrics.get(metric) ?? 0) + value);
  };
  for (const row of rows) add(row.collection, row.metric, Number(row.value));
  for (const [collection, metrics] of unflushedCounters(db)) for (const [metric, value] of metrics) add(collection, metric, value);
  const total = new Map<Metric, number>();
  for (const metrics of perCollection.values()) for (const [metric, value] of metrics) total.set(metric, (total.get(metric) ?? 0) + value);
  return { perCollection, total };
}
