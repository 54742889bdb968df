import { constants } from 'node:fs';
import { access, lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@/lib/shared/errors';
import type { FileIdentity } from './open-legacy-file';

/** One collection of a legacy directory. */
export type CollectionFile = {
  /** File name without `.db` (the collection name). */
  name: string;
  /**
   * Absolute path of the file to read: the entry itself, or for a symbolic link the real path of its
   * target (always inside the legacy directory). Readers open it with `O_NOFOLLOW`.
   */
  file: string;
  bytes: number;
  /** Modification time when listed (with `bytes` and `identity`, what a cache of the file's contents keys on). */
  mtimeMs: number;
  /**
   * True when only `<name>.db~` exists: NeDB's crash-safe write had renamed nothing yet, and NeDB
   * itself loads that backup (storage.js `ensureDatafileIntegrityAsync` renames it to `<name>.db`).
   */
  fromCrashBackup: boolean;
  /** The inode that was listed: readers refuse a file replaced since (openLegacyFile). */
  identity: FileIdentity;
  /** The directory entry's own path when it is a symbolic link (`file` is then its target). */
  linkedFrom?: string;
};

export type UnreadableFile = { file: string; reason: string };

/** A `.db` entry Ferry does not read, and why: a symbolic link leading outside, a directory, a socket… */
export type SkippedEntry = { file: string; name: string; reason: string };

export type LegacyDirectory = {
  dir: string;
  /** Sorted by name (code-point order, independent of locale). */
  collections: CollectionFile[];
  /** Regular `.db` files (or links to one inside the directory) that cannot be read (permissions). */
  unreadable: UnreadableFile[];
  /**
   * `.db` entries that are not regular files of the directory — symbolic links leading outside it,
   * dangling or looping links, directories, sockets, FIFOs, devices — reported and never read. Sorted.
   */
  skipped: SkippedEntry[];
};

/**
 * List the NeDB datafiles of a legacy directory: every `<collection>.db` file, plus a `<name>.db~`
 * crash backup when its `<name>.db` is missing (NeDB would load that backup). Other files are
 * ignored; a `.db~` next to its `.db` is a stale backup NeDB ignores too. Not recursive.
 *
 * Ferry never reads outside the directory: entries are examined with `lstat`; a symbolic link is
 * followed only when its real path (realpath) is a regular file inside the directory's real path,
 * and the collection is then read through that real path; everything else that is not a regular file
 * goes to `skipped` with the reason (the Plan warns, the run leaves it out). Each collection carries
 * the inode that was listed, so a file swapped after the listing is refused when it is opened.
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
  const realDir = await realpath(absolute);

  const present = new Set(names);
  const candidates = names.filter((name) => (name.endsWith('.db') && name.length > 3) || (name.endsWith('.db~') && name.length > 4 && !present.has(name.slice(0, -1))));
  const collections: CollectionFile[] = [];
  const unreadable: UnreadableFile[] = [];
  const skipped: SkippedEntry[] = [];
  for (const entry of candidates) {
    const file = path.join(absolute, entry);
    const fromCrashBackup = entry.endsWith('~');
    const name = entry.slice(0, fromCrashBackup ? -4 : -3);
    const found = await examineEntry(file, realDir);
    if ('skip' in found) skipped.push({ file, name, reason: found.skip });
    else if ('unreadable' in found) unreadable.push({ file, reason: found.unreadable });
    else collections.push({ name, file: found.file, bytes: found.bytes, mtimeMs: found.mtimeMs, fromCrashBackup, identity: found.identity, ...(found.file !== file ? { linkedFrom: file } : {}) });
  }
  collections.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  unreadable.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { dir: absolute, collections, unreadable, skipped };
}

type Examined = { file: string; bytes: number; mtimeMs: number; identity: FileIdentity } | { skip: string } | { unreadable: string };

/** What one `.db` entry is, without following anything that leaves `realDir`. */
async function examineEntry(file: string, realDir: string): Promise<Examined> {
  let info = await lstat(file).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) return { unreadable: info.code ?? String(info) };
  let target = file;
  if (info.isSymbolicLink()) {
    let real: string;
    try {
      real = await realpath(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { skip: code === 'ENOENT' ? 'a symbolic link to nothing (dangling)' : code === 'ELOOP' ? 'a symbolic link loop' : `a symbolic link that cannot be resolved (${code})` };
    }
    if (!real.startsWith(realDir.endsWith(path.sep) ? realDir : realDir + path.sep)) return { skip: 'a symbolic link leading outside the legacy directory (Ferry never reads outside it)' };
    const resolved = await stat(real).catch((error: NodeJS.ErrnoException) => error);
    if (resolved instanceof Error) return { unreadable: resolved.code ?? String(resolved) };
    if (!resolved.isFile()) return { skip: `a symbolic link to ${kindOf(resolved)}, not to a regular file` };
    info = resolved;
    target = real;
  } else if (!info.isFile()) return { skip: `${kindOf(info)}, not a regular file` };
  try {
    await access(target, constants.R_OK);
  } catch (error) {
    return { unreadable: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
  return { file: target, bytes: info.size, mtimeMs: info.mtimeMs, identity: { dev: info.dev, ino: info.ino } };
}

function kindOf(info: { isDirectory(): boolean; isSocket(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSymbolicLink(): boolean }): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isSocket()) return 'a socket';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSymbolicLink()) return 'a symbolic link';
  return 'an unknown kind of entry';
}
