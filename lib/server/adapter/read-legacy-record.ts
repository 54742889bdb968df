import type { FileHandle } from 'node:fs/promises';
import { nextBreak } from '../legacy/record-breaks';
import { AppError } from '../../shared/errors';

/** A record longer than this is not read (NeDB documents are far smaller). */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/**
 * The text of one NeDB record whose bytes the index located (`start` up to `end`, the next record's
 * first byte): read with one positioned read, cut at its terminating break (NeDB's breaks, see
 * record-breaks.ts; a record holds none) and decoded as UTF-8 — the same text the streaming reader gives.
 * @throws AppError `conflict` when the file is shorter than the index says (it changed).
 */
export async function readLegacyRecord(handle: FileHandle, start: number, end: number): Promise<string> {
  const length = Math.min(end - start, MAX_RECORD_BYTES);
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, start + filled);
    if (bytesRead === 0) throw new AppError('conflict', 'The legacy file is shorter than its index says; it changed.');
    filled += bytesRead;
  }
  const stop = nextBreak(buffer, 0, length);
  return buffer.toString('utf8', 0, stop === -1 ? length : stop);
}
