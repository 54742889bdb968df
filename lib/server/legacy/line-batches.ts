import type { FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { openLegacyFile, type FileIdentity } from './open-legacy-file';
import { breakLength, heldBackBytes, nextBreak, viewHasExtraBreaks } from './record-breaks';
import { HUGE_RECORD_BYTES, releaseMemory } from './release-memory';

/**
 * One NeDB record, decoded: its 1-based number, the byte offset of its first byte and its text.
 * Records are what NeDB's line reader (byline.js) splits the file into: the file is cut at `\r\n` and at
 * each of `\n \r \v \f U+0085 U+2028 U+2029` (see record-breaks.ts). For a file that uses only `\n` or
 * `\r\n`, record numbers are line numbers.
 * `mayHaveBreaks` is always false now (a record never holds a break character); it is kept so that
 * callers written against the older line reader still compile.
 */
export type RawLine = { line: number; offset: number; text: string; mayHaveBreaks: boolean };

export type LineBatchOptions = {
  /** Byte offset to start at; must be the first byte of record `firstLine`. Default 0. */
  startOffset?: number;
  /** Number of the record starting at `startOffset`. Default 1. */
  firstLine?: number;
  /** Stop before this byte offset (the size seen at scan time, so later appends are not read). */
  endOffset?: number;
  /**
   * Called for every record in order; records for which it returns false are counted but never decoded
   * (that is what makes skipping superseded lines cheap). Default: every record.
   */
  select?: (line: number) => boolean;
  /** Called with the byte offset of every record whose number is 1 mod `every` (resume points). */
  checkpoint?: { every: number; record: (line: number, offset: number) => void };
  /** Read this already opened file (see openLegacyFile) instead of opening `filePath`; it is not closed. */
  handle?: FileHandle;
  /** When lineBatches opens `filePath` itself: the file must still be this inode (openLegacyFile). */
  identity?: FileIdentity | null;
};

const CHUNK_BYTES = 1 << 20;

/**
 * Stream a legacy file as batches of decoded NeDB records, one batch per 1 MB read.
 *
 * Positions: record numbers count every record NeDB's split produces, empty ones included (NeDB drops
 * those; Ferry counts them as blank), so a file cut at a lone `\r` or a U+2028 numbers its records the
 * way an editor that shows those characters as line breaks does (Unicode's line boundaries, which
 * byline.js cites). They increase strictly in file order, one per record, which is what checkpoints
 * (last committed record of a stream) and the quarantine key (run, collection, record) need to stay
 * exactly-once.
 *
 * Decoding equals NeDB's (`createReadStream` with `encoding: 'utf8'`, so a StringDecoder over the whole
 * file): every break is a complete UTF-8 character whose lead byte is never a continuation byte, so
 * decoding record by record gives the same text, U+FFFD for invalid bytes included. A last record
 * without a break (a torn write) is still yielded; the empty piece after a final break is not a record.
 * Memory: one 1 MB read buffer, reused, plus the longest selected record once as text (a record that
 * spans reads is decoded piece by piece, never copied as bytes).
 * Opens the file with openLegacyFile (no symbolic link, a regular file, the listed inode).
 * @throws what openLegacyFile throws, and fs read errors.
 */
export async function* lineBatches(filePath: string, options: LineBatchOptions = {}): AsyncGenerator<RawLine[]> {
  if (options.handle) {
    yield* readRecords(options.handle, options);
    return;
  }
  const opened = await openLegacyFile(filePath, options.identity);
  try {
    yield* readRecords(opened.handle, options);
  } finally {
    await opened.handle.close();
  }
}

async function* readRecords(handle: FileHandle, options: LineBatchOptions): AsyncGenerator<RawLine[]> {
  const { select, checkpoint } = options;
  const end = options.endOffset ?? Number.POSITIVE_INFINITY;
  let line = options.firstLine ?? 1;
  /** File offset of `buffer[0]`. */
  let base = options.startOffset ?? 0;
  if (end <= base) return;
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  /** Bytes at the start of `buffer` held back from the previous read (a break that read cut in two). */
  let filled = 0;
  // The record being read: undefined between records; its text pieces so far when it spans reads.
  let selected: boolean | undefined;
  let recordStart = base;
  let pieces: string[] = [];
  let decoder: StringDecoder | null = null;

  for (;;) {
    const want = Math.min(CHUNK_BYTES - filled, end - (base + filled));
    const bytesRead = want > 0 ? (await handle.read(buffer, filled, want, base + filled)).bytesRead : 0;
    const total = filled + bytesRead;
    const atEnd = bytesRead === 0;
    const usable = atEnd ? total : total - heldBackBytes(buffer, total);
    const view = buffer.subarray(0, usable);
    const slow = viewHasExtraBreaks(view);
    const batch: RawLine[] = [];
    let position = 0;
    while (position < usable) {
      const stop = slow ? nextBreak(view, position, usable) : view.indexOf(0x0a, position);
      if (selected === undefined) {
        recordStart = base + position;
        if (checkpoint && (line - 1) % checkpoint.every === 0) checkpoint.record(line, recordStart);
        selected = select ? select(line) : true;
      }
      if (stop === -1) {
        // The record goes on in the next read: decode what this read holds (the decoder keeps a
        // character cut by the read's end for the next piece).
        if (selected) {
          const before = base + position - recordStart;
          // Once a record proves huge, what earlier huge records left (text, parse) is freed before its own
          // text is built, so two of them never weigh at once.
          if (before < HUGE_RECORD_BYTES && base + usable - recordStart >= HUGE_RECORD_BYTES) releaseMemory();
          pieces.push((decoder ??= new StringDecoder('utf8')).write(view.subarray(position, usable)));
        }
        position = usable;
        break;
      }
      if (selected) {
        const text = decoder ? joinPieces(pieces, decoder.end(view.subarray(position, stop))) : view.toString('utf8', position, stop);
        if (decoder) {
          pieces = [];
          decoder = null;
          if (base + stop - recordStart >= HUGE_RECORD_BYTES) releaseMemory(); // its pieces are garbage now: free them before it is parsed
        }
        batch.push({ line, offset: recordStart, text, mayHaveBreaks: false });
      }
      selected = undefined;
      line += 1;
      position = stop + (slow ? breakLength(view, stop, usable) : 1);
    }
    if (batch.length > 0) yield batch;
    if (atEnd) break;
    buffer.copyWithin(0, usable, total);
    base += usable;
    filled = total - usable;
  }
  // A torn last record: no break after it.
  if (selected) yield [{ line, offset: recordStart, text: joinPieces(pieces, decoder ? decoder.end() : ''), mayHaveBreaks: false }];
}

/** One flat string from a record's pieces (the pieces become garbage at once). */
function joinPieces(pieces: string[], last: string): string {
  if (pieces.length === 0) return last;
  pieces.push(last);
  return pieces.join('');
}
