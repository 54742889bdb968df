import type { Db } from '../db/pool';
import type { HealthMetrics } from '../../shared/contracts/health';

/**
 * Appends one monitor sample and prunes the history to the newest `keep` samples (one shared-table
 * transaction each), so the table stays bounded however long Ferry runs.
 */
export async function recordHealthSample(db: Db, metrics: Partial<HealthMetrics>, keep: number, at = new Date()): Promise<void> {
  await db.query(`INSERT INTO ferry.health_samples (at, metrics) VALUES ($1, $2)`, [at, JSON.stringify(metrics)]);
  await db.query(`DELETE FROM ferry.health_samples WHERE id < (SELECT min(id) FROM (SELECT id FROM ferry.health_samples ORDER BY id DESC LIMIT $1) newest)`, [keep]);
}

/** The newest `limit` samples, oldest first (for the charts). */
export async function listHealthSamples(db: Db, limit: number): Promise<{ at: string; metrics: Partial<HealthMetrics> }[]> {
  const { rows } = await db.query<{ at: Date; metrics: Partial<HealthMetrics> }>(
    `SELECT at, metrics FROM (SELECT id, at, metrics FROM ferry.health_samples ORDER BY id DESC LIMIT $1) s ORDER BY id`, [limit]);
  return rows.map((r) => ({ at: r.at.toISOString(), metrics: r.metrics }));
}
