import { AppError } from '../../../shared/errors';
import type { PlanIssue } from '../../../shared/contracts/plan';
import type { Db } from '../../db/pool';
import { listCollections, type CollectionFile, type LegacyDirectory } from '../../legacy/list-collections';
import type { MappingSource } from '../../mapping/load-mapping';
import { resolveTargets, type CollectionTarget } from '../../mapping/resolve-targets';
import { checkPreviousRun, checkTypedTables } from './check-target';

export type PlanTargets = {
  directory: LegacyDirectory | null;
  targets: CollectionTarget[];
  /** Collection → the path to read (a link inside the directory is already resolved to its real path). */
  files: Map<string, string>;
  /** Collection → its listing entry, with the inode readers must find (`identity`). */
  listed: Map<string, CollectionFile>;
  blockers: PlanIssue[];
  /** Entries of the directory Ferry skips (links leading outside, directories, sockets…): reported, never read. */
  warnings: PlanIssue[];
};

/**
 * The part of a plan that reads no document: the collections of the legacy directory, where each goes,
 * and the blockers (unreadable directory or files, an invalid mapping, typed tables or columns missing
 * in the target, rows of an earlier run still there). Used by the Plan and by every start.
 * A `.db` entry that is not a regular file of the directory (a symbolic link leading outside it, a
 * directory named `x.db`, a socket…) is a warning, not a blocker: it is never read, and the other
 * collections migrate. A regular `.db` file that cannot be read stays a blocker (its data would be missing).
 */
export async function planTargets(db: Db, legacyDir: string, mapping: MappingSource): Promise<PlanTargets> {
  let directory: LegacyDirectory;
  try {
    directory = await listCollections(legacyDir);
  } catch (error) {
    const message = error instanceof AppError ? error.message : (error as Error).message;
    return { directory: null, targets: [], files: new Map(), listed: new Map(), warnings: [], blockers: [{ code: 'legacy_dir_unreadable', message, recommendation: 'Set LEGACY_DIR to the directory of .db files.' }] };
  }
  const warnings: PlanIssue[] = directory.skipped.map((entry) => ({
    code: 'entry_skipped',
    message: `${entry.file} is ${entry.reason}: Ferry does not read it, and no collection "${entry.name}" is migrated from it.`,
    recommendation: 'Replace it with the regular NeDB file if it holds data to migrate, or remove it.',
  }));
  let targets: CollectionTarget[];
  try {
    targets = resolveTargets(directory.collections.map((c) => c.name), mapping.config);
  } catch (error) {
    return { directory, targets: [], files: new Map(), listed: new Map(), warnings, blockers: [{ code: 'mapping_invalid', message: (error as Error).message }] };
  }
  const files = new Map(directory.collections.map((c) => [c.name, c.file]));
  const listed = new Map(directory.collections.map((c) => [c.name, c]));
  const blockers: PlanIssue[] = [];
  if (directory.collections.length === 0) blockers.push({ code: 'no_collections', message: `No <collection>.db files in ${directory.dir}.` });
  for (const unreadable of directory.unreadable) blockers.push({ code: 'file_unreadable', message: `${unreadable.file}: ${unreadable.reason}` });
  for (const name of Object.keys(mapping.config.collections)) {
    if (files.has(name)) continue;
    const skipped = directory.skipped.find((entry) => entry.name === name);
    blockers.push({ code: 'mapping_unknown_collection', collection: name, message: `The mapping names collection "${name}", but ${directory.dir} has no ${skipped ? `readable ${name}.db (it is ${skipped.reason})` : `${name}.db`}.` });
  }
  blockers.push(...(await checkTypedTables(db, targets)));
  blockers.push(...(await checkPreviousRun(db, targets.filter((t) => t.kind === 'typed').map((t) => t.table))));
  return { directory, targets, files, listed, blockers, warnings };
}
