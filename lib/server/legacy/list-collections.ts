import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@/lib/shared/errors';

/** One collection of a legacy directory. */
export type CollectionFile = {
  /** File name without `.db` (the collection name). */
  name: string;
  /** Absolute path of the file to read. */
  file: string;
  bytes: number;
  /**
   * True when only `<name>.db~` exists: NeDB's crash-safe write had renamed nothing yet, and NeDB
   * itself loads that backup (storage.js `ensureDatafileIntegrityAsync` renames it to `<name>.db`).
   */
  fromCrashBackup: boolean;
};

export type UnreadableFile = { file: string; reason: string };

export type LegacyDirectory = {
  dir: string;
  /** Sorted by name (code-point order, independent of locale). */
  collections: CollectionFile[];
  /** `.db` entries that exist but cannot be read (permissions, not a regular file). */
  unreadable: UnreadableFile[];
};

/**
 * List the NeDB datafiles of a legacy directory: every `<collection>.db` file, plus a `<name>.db~`
 * crash backup when its `<name>.db` is missing (NeDB would load that backup). Other files are
 * ignored; a `.db~` next to its `.db` is a stale backup NeDB ignores too. Not recursive.
 * @throws AppError `not_found` if `dir` does not exist, `bad_request` if it is not a directory;
 *   other fs errors reading the directory itself (e.g. EACCES) as is.
 */
export async function listCollections(dir: string): Promise<LegacyDirectory> {
  const absolute = path.resolve(dir);
  let names: string[];
  try {
    names = await readdir(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('not_found', `Legacy directory not found: ${absolute}`);
    if (code === 'ENOTDIR') throw new AppError('bad_request', `Legacy path is not a directory: ${absolute}`);
    throw error;
  }

  const present = new Set(names);
  const candidates = names.filter((name) => (name.endsWith('.db') && name.length > 3) || (name.endsWith('.db~') && name.length > 4 && !present.has(name.slice(0, -1))));
  const collections: CollectionFile[] = [];
  const unreadable: UnreadableFile[] = [];
  for (const entry of candidates) {
    const file = path.join(absolute, entry);
    const fromCrashBackup = entry.endsWith('~');
    const name = entry.slice(0, fromCrashBackup ? -4 : -3);
    try {
      const info = await stat(file);
      if (!info.isFile()) {
        unreadable.push({ file, reason: 'not a regular file' });
        continue;
      }
      await access(file, constants.R_OK);
      collections.push({ name, file, bytes: info.size, fromCrashBackup });
    } catch (error) {
      unreadable.push({ file, reason: (error as NodeJS.ErrnoException).code ?? String(error) });
    }
  }
  collections.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  unreadable.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { dir: absolute, collections, unreadable };
}
