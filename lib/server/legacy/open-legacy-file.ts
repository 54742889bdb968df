import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { AppError } from '@/lib/shared/errors';

/** Which file a directory entry was when it was listed: device and inode (same numbers as `fs.Stats`). */
export type FileIdentity = { dev: number; ino: number };

/** An open legacy file: the handle (close it) and what `fstat` said right after opening. */
export type OpenedLegacyFile = { handle: FileHandle; size: number; mtimeMs: number; dev: number; ino: number };

/**
 * Opens a legacy datafile for reading without ever leaving the directory that was listed.
 * - `O_NOFOLLOW`: if the path's last component is (or was swapped for) a symbolic link, the open fails
 *   instead of following it. listCollections hands out real paths, so a legitimate read never opens a link.
 * - `fstat` of the opened descriptor: it must be a regular file (a FIFO would block, a device would
 *   read forever), and when `expected` is given it must be the very inode the listing saw, so a file or
 *   a parent directory replaced after the listing (a swap for a link to `/etc`) is refused, not read.
 * Opening a FIFO with O_RDONLY could block; `O_NONBLOCK` makes that open return at once (it has no
 * effect on reads of regular files).
 * @throws AppError `not_found` (no such file), `bad_request` (a symbolic link, not a regular file),
 *   `conflict` (not the file that was listed); other fs errors (EACCES) as is.
 */
export async function openLegacyFile(filePath: string, expected?: FileIdentity | null): Promise<OpenedLegacyFile> {
  let handle: FileHandle;
  try {
    handle = await open(filePath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('not_found', `Legacy file not found: ${filePath}`);
    if (code === 'ELOOP') throw new AppError('bad_request', `${filePath} is a symbolic link; Ferry reads legacy files only through their real path inside the legacy directory`);
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new AppError('bad_request', `${filePath} is not a regular file`);
    if (expected && (info.dev !== expected.dev || info.ino !== expected.ino)) {
      throw new AppError('conflict', `${filePath} is not the file that was listed (it was replaced since); list the legacy directory again`);
    }
    return { handle, size: info.size, mtimeMs: info.mtimeMs, dev: info.dev, ino: info.ino };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The identity part of a fingerprint, when it has one (scans recorded before identities were kept have none). */
export function identityOf(fingerprint: { dev?: number; ino?: number } | null | undefined): FileIdentity | null {
  return fingerprint && typeof fingerprint.dev === 'number' && typeof fingerprint.ino === 'number' ? { dev: fingerprint.dev, ino: fingerprint.ino } : null;
}
