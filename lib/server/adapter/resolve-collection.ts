import { identityOf, recentResult } from '../cache/recent-result';
import type { Db } from '../db/pool';
import { listCollections, type CollectionFile } from '../legacy/list-collections';
import type { FileIdentity } from '../legacy/open-legacy-file';
import { resolveTarget, type CollectionTarget } from '../mapping/resolve-targets';
import type { MigrationSource } from '../migration/migration-source';
import { AppError } from '../../shared/errors';
import type { WithoutTenant } from './legacy-index';

/** A legacy collection the adapter may read: where it goes in Nile, and its legacy file (null when gone). */
export type CollectionRef = { collection: string; target: CollectionTarget; file: string | null; identity: FileIdentity | null; withoutTenant: WithoutTenant };

/** The legacy directory's files by collection; an unreadable directory lists none (the Plan explains why). */
const legacyFiles = recentResult(5000, async (legacyDir: string): Promise<Map<string, CollectionFile>> => {
  try {
    return new Map((await listCollections(legacyDir)).collections.map((c) => [c.name, c]));
  } catch (error) {
    if (error instanceof AppError) return new Map();
    throw error;
  }
});

/**
 * Where the newest run whose rows are in Nile put each collection (the target it recorded when it
 * started), so reads follow the data even if the mapping file changed since.
 */
const recordedTargets = recentResult(5000, async (db: Db): Promise<Map<string, CollectionTarget>> => {
  const { rows } = await db.query<{ collection: string; mapping: CollectionTarget }>(
    `SELECT collection, mapping FROM ferry.run_collections
      WHERE run_id = (SELECT id FROM ferry.migration_runs WHERE state <> 'rolled_back' ORDER BY created_at DESC LIMIT 1)`,
  );
  return new Map(rows.map((r) => [r.collection, r.mapping]));
}, identityOf);

/**
 * Resolves a collection name from a request: it must be a collection of the legacy store (or one the
 * current run migrated). Answers its Nile target — the run's recorded one, else the mapping's.
 * @throws AppError `not_found` for any other name.
 */
export async function resolveCollection(db: Db, source: MigrationSource, name: string): Promise<CollectionRef> {
  const [files, recorded] = await Promise.all([legacyFiles(source.legacyDir), recordedTargets(db)]);
  const listed = files.get(name) ?? null;
  const target = recorded.get(name) ?? (listed ? resolveTarget(name, source.mapping.config) : null);
  if (!target) throw new AppError('not_found', `No collection "${name.slice(0, 200)}" in the legacy store.`);
  return { collection: name, target, file: listed?.file ?? null, identity: listed?.identity ?? null, withoutTenant: source.mapping.config.withoutTenant };
}
