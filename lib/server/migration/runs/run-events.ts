import type { Db } from '../../db/pool';

export type EventLevel = 'info' | 'warn' | 'error';

/** Appends one event to a run's log (shown on the Runs page and by GET /api/migration/logs). */
export async function recordRunEvent(db: Db, runId: string, level: EventLevel, message: string, extra: { collection?: string; details?: Record<string, unknown> } = {}): Promise<void> {
  await db.query(`INSERT INTO ferry.run_events (run_id, level, message, collection, details) VALUES ($1, $2, $3, $4, $5)`, [
    runId, level, message, extra.collection ?? null, JSON.stringify(extra.details ?? {}),
  ]);
}
