import type { Db } from '../db/pool';
import { unlessUndefinedTable } from '../db/pg-errors';
import { quoteIdent } from '../db/sql';
import type { MigrationSource } from '../migration/migration-source';
import type { SnapshotTable } from '../../shared/contracts/snapshots';
import { snapshotScope } from './snapshot-scope';
import { readGeneration, schemaFingerprint } from './target-generation';

export type FreshSnapshot = { id: string; createdAt: string };

/**
 * A verified snapshot that still describes the target, so a run may be protected by it without taking
 * another: taken at the current target generation (no run has loaded and no rollback completed since),
 * on the same schema (no migration applied or rolled back since), covering every table runs of `source`
 * write, and with the same row count in every table (what another application wrote since shows there).
 * The newest such snapshot, or null.
 */
export async function findFreshSnapshot(db: Db, source: MigrationSource): Promise<FreshSnapshot | null> {
  const [generation, fingerprint] = [await readGeneration(db), await schemaFingerprint(db)];
  const candidates = await db.query<{ id: string; createdAt: string; tables: SnapshotTable[] }>(
    `SELECT id, created_at::text AS "createdAt", tables FROM ferry.snapshots
      WHERE state = 'verified' AND generation = $1 AND schema_fingerprint = $2 ORDER BY created_at DESC LIMIT 3`,
    [generation, fingerprint],
  );
  if (candidates.rows.length === 0) return null;
  const wanted = snapshotScope(source).tables;
  const present = await db.query<{ name: string }>(`SELECT t AS name FROM unnest($1::text[]) t WHERE to_regclass(format('public.%I', t)) IS NOT NULL`, [wanted]);
  const counts = new Map<string, number>();
  const countOf = async (table: string) => {
    // A table dropped since the snapshot (not through a migration) counts as changed.
    if (!counts.has(table)) counts.set(table, await unlessUndefinedTable(async () => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM public.${quoteIdent(table)}`)).rows[0]?.n ?? 0), -1));
    return counts.get(table) as number;
  };
  for (const candidate of candidates.rows) {
    const taken = new Map(candidate.tables.map((t) => [t.name, t.rows]));
    if (!present.rows.every((t) => taken.has(t.name))) continue;
    let same = true;
    for (const [table, rows] of taken) {
      if ((await countOf(table)) !== rows) {
        same = false;
        break;
      }
    }
    if (same) return { id: candidate.id, createdAt: new Date(candidate.createdAt).toISOString() };
  }
  return null;
}
