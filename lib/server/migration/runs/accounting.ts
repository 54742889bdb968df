import type { CollectionState, MigrationProgress } from '../../../shared/contracts/migration';
import type { Db } from '../../db/pool';
import { recordRunEvent } from './run-events';

export type CollectionRow = {
  name: string; target: string; state: CollectionState; processed: string; total: string; quarantined: string; migrated: string; isEstimate: boolean;
  stats: { lines: number; superseded: number; deleted: number; metadata: number; blank: number; corrupt: { count: number }; withoutId: { count: number } } | null;
};

/** The line accounting of a scanned collection; `balanced` checks the equation once it completed. */
export function accounting(c: CollectionRow): MigrationProgress['collections'][number]['accounting'] {
  const s = c.stats;
  if (!s) return null;
  const parts = { lines: s.lines, superseded: s.superseded, deleted: s.deleted, metadata: s.metadata, blank: s.blank, corrupt: s.corrupt.count, withoutId: s.withoutId.count };
  const sum = Number(c.migrated) + Number(c.quarantined) + parts.superseded + parts.deleted + parts.metadata + parts.blank + parts.corrupt + parts.withoutId;
  return { ...parts, balanced: c.state === 'completed' ? sum === parts.lines : null };
}


/** After a collection completed: records an error event when its lines do not add up (nothing may go missing silently). */
export async function checkAccounting(db: Db, runId: string, collection: string): Promise<void> {
  const { rows } = await db.query<CollectionRow>(
    `SELECT collection AS name, target, state, processed, total, quarantined, migrated, is_estimate AS "isEstimate", stats FROM ferry.run_collections WHERE run_id = $1 AND collection = $2`,
    [runId, collection],
  );
  const row = rows[0];
  const result = row ? accounting(row) : null;
  if (row && result && result.balanced === false) {
    await recordRunEvent(db, runId, 'error', `The lines of ${collection} do not add up: ${result.lines} lines, ${row.migrated} migrated, ${row.quarantined} quarantined, ${result.superseded} superseded, ${result.deleted} deleted, ${result.metadata} metadata, ${result.blank} blank, ${result.corrupt} corrupt, ${result.withoutId} without _id.`, { collection });
  }
}
