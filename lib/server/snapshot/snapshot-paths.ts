import path from 'node:path';
import { AppError } from '../../shared/errors';
import { isUuid } from '../../shared/uuid';
import { getEnv, type Env } from '../config/env';

/** Where snapshots live: `SNAPSHOT_DIR`, else `DATA_DIR/snapshots`. */
export function snapshotRoot(env: Env = getEnv()): string {
  return path.resolve(env.SNAPSHOT_DIR ?? path.join(env.dataDir, 'snapshots'));
}

function inside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * The directory of one snapshot. Ids are UUIDs (checked before they become a path) and the resolved
 * directory must lie inside the root: no id reaches the file system otherwise.
 * @throws AppError `not_found` for an id that is not a UUID.
 */
export function snapshotDir(root: string, snapshotId: string): string {
  if (!isUuid(snapshotId)) throw new AppError('not_found', 'No such snapshot.');
  const dir = path.resolve(root, snapshotId.toLowerCase());
  if (!inside(root, dir)) throw new AppError('not_found', 'No such snapshot.');
  return dir;
}

/** A file of a snapshot directory; names are Ferry's own (letters, digits, `.`, `-`, `_`), checked anyway. */
export function snapshotFile(dir: string, name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new AppError('bad_request', 'Invalid snapshot file name.');
  const file = path.resolve(dir, name);
  if (!inside(dir, file)) throw new AppError('bad_request', 'Invalid snapshot file name.');
  return file;
}
