import { openLegacyFile, type FileIdentity } from '../legacy/open-legacy-file';
import { breakLength, heldBackBytes, nextBreak, viewHasExtraBreaks } from '../legacy/record-breaks';

/**
 * Called for each selected record with its bytes (`bytes[start, end)`, without its break), its 1-based
 * number and the byte offset of its first byte in the file. `bytes` is reused after the call returns:
 * copy what must outlive it.
 */
export type LineVisitor = (bytes: Uint8Array, start: number, end: number, line: number, offset: number) => void;

export type VisitLinesOptions = {
  /** Stop before this byte offset (the size the scan saw). */
  endOffset: number;
  /** Records for which this returns false are skipped at the byte level (a break search), never decoded. */
  select: (line: number) => boolean;
  /** The file must still be this inode (see openLegacyFile); null skips that check. */
  identity?: FileIdentity | null;
  /** Start here (the first byte of record `firstLine`, e.g. a resume point of the scan). Default 0 / 1. */
  startOffset?: number;
  firstLine?: number;
  /** Called after each read: return true to stop reading (nothing selected is left). */
  isDone?: () => boolean;
};

const CHUNK_BYTES = 1 << 20;
const LF = 0x0a;

/**
 * Reads a NeDB datafile read by read and hands each selected record to `visit` as raw bytes — the
 * byte-level twin of legacy/line-batches.ts for readers that never need a record as a string, with the
 * same numbering: records end at each of NeDB's breaks (record-breaks.ts; `\r\n` is one), empty records
 * are counted, a last record without a break still counts. A read without any break but `\n` (the usual
 * case) is cut with one native search per record.
 * Memory: one 1 MB read buffer plus the longest selected record that spans reads.
 * @throws what openLegacyFile throws (a link, not a regular file, not the listed inode), fs read errors.
 */
export async function visitLines(file: string, options: VisitLinesOptions, visit: LineVisitor): Promise<void> {
  const { handle } = await openLegacyFile(file, options.identity);
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let carry = Buffer.allocUnsafe(0);
    let carryLength = 0;
    let selected: boolean | undefined;
    let recordStart = 0;
    let line = options.firstLine ?? 1;
    /** File offset of `buffer[0]`; the first `filled` bytes are held back from the previous read. */
    let base = options.startOffset ?? 0;
    let filled = 0;
    const append = (from: number, to: number) => {
      const needed = carryLength + (to - from);
      if (carry.length < needed) {
        const grown = Buffer.allocUnsafe(Math.max(needed * 2, 1 << 16));
        carry.copy(grown, 0, 0, carryLength);
        carry = grown;
      }
      buffer.copy(carry, carryLength, from, to);
      carryLength = needed;
    };
    for (;;) {
      const want = Math.max(0, Math.min(CHUNK_BYTES - filled, options.endOffset - (base + filled)));
      const bytesRead = want > 0 ? (await handle.read(buffer, filled, want, base + filled)).bytesRead : 0;
      const total = filled + bytesRead;
      const atEnd = bytesRead === 0;
      const usable = atEnd ? total : total - heldBackBytes(buffer, total);
      const view = buffer.subarray(0, usable);
      const slow = viewHasExtraBreaks(view);
      let position = 0;
      while (position < usable) {
        const stop = slow ? nextBreak(view, position, usable) : view.indexOf(LF, position);
        if (selected === undefined) {
          recordStart = base + position;
          selected = options.select(line);
          carryLength = 0;
        }
        if (stop === -1) {
          if (selected) append(position, usable);
          position = usable;
          break;
        }
        if (selected) {
          if (carryLength > 0) {
            append(position, stop);
            visit(carry, 0, carryLength, line, recordStart);
          } else visit(buffer, position, stop, line, recordStart);
        }
        selected = undefined;
        line += 1;
        position = stop + (slow ? breakLength(view, stop, usable) : 1);
      }
      // A selected record still open (it goes on in the next read) is not seen yet, whatever isDone says.
      if (selected !== true && options.isDone?.()) return;
      if (atEnd) break;
      buffer.copyWithin(0, usable, total);
      base += usable;
      filled = total - usable;
    }
    // A torn last record: no break after it.
    if (selected) visit(carry, 0, carryLength, line, recordStart);
  } finally {
    await handle.close();
  }
}
