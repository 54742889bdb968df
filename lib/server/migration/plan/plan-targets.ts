import { AppError } from '../../../shared/errors';
import type { PlanIssue } from '../../../shared/contracts/plan';
import type { Db } from '../../db/pool';
import { listCollections, type LegacyDirectory } from '../../legacy/list-collections';
import type { MappingSource } from '../../mapping/load-mapping';
import { resolveTargets, type CollectionTarget } from '../../mapping/resolve-targets';
import { checkPreviousRun, checkTypedTables } from './check-target';

export type PlanTargets = { directory: LegacyDirectory | null; targets: CollectionTarget[]; files: Map<string, string>; blockers: PlanIssue[] };

/**
 * The part of a plan that reads no document: the collections of the legacy directory, where each goes,
 * and the blockers (unreadable directory or files, an invalid mapping, typed tables or columns missing
 * in the target, rows of an earlier run still there). Used by the Plan and by every start.
 */
export async function planTargets(db: Db, legacyDir: string, mapping: MappingSource): Promise<PlanTargets> {
  let directory: LegacyDirectory;
  try {
    directory = await listCollections(legacyDir);
  } catch (error) {
    const message = error instanceof AppError ? error.message : (error as Error).message;
    return { directory: null, targets: [], files: new Map(), blockers: [{ code: 'legacy_dir_unreadable', message, recommendation: 'Set LEGACY_DIR to the directory of .db files.' }] };
  }
  let targets: CollectionTarget[];
  try {
    targets = resolveTargets(directory.collections.map((c) => c.name), mapping.config);
  } catch (error) {
    return { directory, targets: [], files: new Map(), blockers: [{ code: 'mapping_invalid', message: (error as Error).message }] };
  }
  const files = new Map(directory.collections.map((c) => [c.name, c.file]));
  const blockers: PlanIssue[] = [];
  if (directory.collections.length === 0) blockers.push({ code: 'no_collections', message: `No <collection>.db files in ${directory.dir}.` });
  for (const unreadable of directory.unreadable) blockers.push({ code: 'file_unreadable', message: `${unreadable.file}: ${unreadable.reason}` });
  for (const name of Object.keys(mapping.config.collections)) {
    if (!files.has(name)) blockers.push({ code: 'mapping_unknown_collection', collection: name, message: `The mapping names collection "${name}", but ${directory.dir} has no ${name}.db.` });
  }
  blockers.push(...(await checkTypedTables(db, targets)));
  blockers.push(...(await checkPreviousRun(db, targets.filter((t) => t.kind === 'typed').map((t) => t.table))));
  return { directory, targets, files, blockers };
}
