import type { Db } from '../db/pool';
import { getEnv } from '../config/env';
import type { MigrationSource } from '../migration/migration-source';
import { getMigrationStatus } from '../migration/runs/get-status';
import type { AdapterStats, ShadowMismatch } from '../../shared/contracts/adapter';
import { getAdapterConfig } from './adapter-config';
import { latencyOf } from './adapter-metrics';
import { checkPromotion } from './check-promotion';
import { rateOf, readStoredCounters } from './stored-counters';

type MismatchRow = { at: Date; kind: 'shadow' | 'noise'; collection: string; legacyId: string; tenantKey: string | null; primary: 'legacy' | 'new'; fields: string[] };

/**
 * Seed 004's `getSystemStats()`: the adapter's mode and options, records in each store (the shared
 * status reading), reads / errors / fallbacks per store, shadow and noise comparisons with the
 * consistency rate, latency p50/p95 per store (this process's recent reads), per-collection counters,
 * the newest mismatches (ids and field names), and whether promotion to `new` would pass its gate.
 */
export async function getSystemStats(db: Db, source: MigrationSource): Promise<AdapterStats> {
  const env = getEnv();
  const [config, status, counters, mismatches, promotion] = await Promise.all([
    getAdapterConfig(db),
    getMigrationStatus(db, source),
    readStoredCounters(db),
    db.query<MismatchRow>(
      `SELECT at, kind, collection, legacy_id AS "legacyId", tenant_key AS "tenantKey", primary_store AS primary, fields
         FROM ferry.shadow_mismatches ORDER BY id DESC LIMIT 20`),
    checkPromotion(db, env.FERRY_ADAPTER_MAX_MISMATCH_RATE),
  ]);
  const total = (metric: Parameters<typeof counters.total.get>[0]) => counters.total.get(metric) ?? 0;
  const reads = { legacy: total('reads.legacy'), new: total('reads.new') };
  const errors = { legacy: total('errors.legacy'), new: total('errors.new') };
  const shadow = { compared: total('shadow.compared'), mismatched: total('shadow.mismatched'), rate: rateOf(total('shadow.mismatched'), total('shadow.compared')) };
  const noise = { compared: total('noise.compared'), mismatched: total('noise.mismatched'), rate: rateOf(total('noise.mismatched'), total('noise.compared')) };
  return {
    ...config,
    records: { legacy: status.legacy.records, new: status.new.records },
    reads,
    errors,
    errorRate: rateOf(errors.legacy + errors.new, reads.legacy + reads.new),
    fallbacks: total('fallbacks'),
    shadow,
    noise,
    consistencyRate: Math.min(1, Math.max(0, 1 - (shadow.rate - noise.rate))),
    maxMismatchRate: env.FERRY_ADAPTER_MAX_MISMATCH_RATE,
    shadowSample: env.FERRY_ADAPTER_SHADOW_SAMPLE,
    latency: { legacy: latencyOf('legacy'), new: latencyOf('new') },
    collections: [...counters.perCollection]
      .map(([collection, m]) => ({
        collection,
        reads: (m.get('reads.legacy') ?? 0) + (m.get('reads.new') ?? 0),
        fallbacks: m.get('fallbacks') ?? 0,
        compared: m.get('shadow.compared') ?? 0,
        mismatched: m.get('shadow.mismatched') ?? 0,
      }))
      .filter((c) => c.reads > 0 || c.compared > 0)
      .sort((a, b) => b.mismatched - a.mismatched || b.reads - a.reads || a.collection.localeCompare(b.collection)),
    recentMismatches: mismatches.rows.map((r): ShadowMismatch => ({ ...r, at: r.at.toISOString() })),
    promotion,
  };
}
