import { open } from 'node:fs/promises';

/**
 * Called for each selected line with its bytes (`bytes[start, end)`, without the newline and one
 * trailing `\r`), its 1-based number, the byte offset of its first byte in the file, and whether it may
 * hold one of the other characters NeDB splits lines on (false only when its chunk holds none).
 * `bytes` is reused after the call returns: copy what must outlive it.
 */
export type LineVisitor = (bytes: Uint8Array, start: number, end: number, line: number, offset: number, mayHaveBreaks: boolean) => void;

export type VisitLinesOptions = {
  /** Stop before this byte offset (the size the scan saw). */
  endOffset: number;
  /** Lines for which this returns false are skipped at the byte level (a newline search), never decoded. */
  select: (line: number) => boolean;
  /** Start here (the first byte of line `firstLine`, e.g. a resume point of the scan). Default 0 / 1. */
  startOffset?: number;
  firstLine?: number;
  /** Called after each chunk: return true to stop reading (nothing selected is left). */
  isDone?: () => boolean;
};

const CHUNK_BYTES = 1 << 20;
const LF = 0x0a;
const CR = 0x0d;
/** UTF-8 of the characters NeDB's byline splits on besides `\n` (as in legacy/line-batches.ts). */
const BREAK_BYTES = [Buffer.from([0x0d]), Buffer.from([0x0b]), Buffer.from([0x0c]), Buffer.from('\u0085'), Buffer.from('\u2028'), Buffer.from('\u2029')];

/**
 * Reads a NeDB datafile chunk by chunk and hands each selected line to `visit` as raw bytes — the
 * byte-level twin of legacy/line-batches.ts (same line numbering: lines end at `\n`, one trailing `\r`
 * is not part of the line, a last line without a newline still counts) for readers that never need a
 * line as a string. Memory: one 1 MB chunk plus the longest selected line.
 * @throws the fs error if the file cannot be opened or read.
 */
export async function visitLines(file: string, options: VisitLinesOptions, visit: LineVisitor): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let carry: Buffer | null = null;
    let carryLength = 0;
    let carryStart = 0;
    let carrySelected = false;
    let inLine = false;
    let line = options.firstLine ?? 1;
    let position = options.startOffset ?? 0;
    while (position < options.endOffset) {
      const { bytesRead } = await handle.read(chunk, 0, Math.min(CHUNK_BYTES, options.endOffset - position), position);
      if (bytesRead === 0) break;
      const mayHaveBreaks = BREAK_BYTES.some((bytes) => chunk.subarray(0, bytesRead).includes(bytes));
      let at = 0;
      while (at < bytesRead) {
        if (!inLine) {
          inLine = true;
          carryStart = position + at;
          carrySelected = options.select(line);
          carryLength = 0;
        }
        const newline = chunk.indexOf(LF, at);
        const stop = newline === -1 || newline >= bytesRead ? bytesRead : newline;
        if (stop === bytesRead) {
          if (carrySelected) {
            const needed = carryLength + (stop - at);
            if (!carry || carry.length < needed) {
              const grown = Buffer.allocUnsafe(Math.max(needed * 2, 1 << 16));
              if (carry) carry.copy(grown, 0, 0, carryLength);
              carry = grown;
            }
            chunk.copy(carry, carryLength, at, stop);
            carryLength = needed;
          }
          at = bytesRead;
          break;
        }
        if (carrySelected) {
          if (carryLength > 0 && carry) {
            const needed = carryLength + (stop - at);
            if (carry.length < needed) {
              const grown = Buffer.allocUnsafe(needed * 2);
              carry.copy(grown, 0, 0, carryLength);
              carry = grown;
            }
            chunk.copy(carry, carryLength, at, stop);
            const end = needed > 0 && carry[needed - 1] === CR ? needed - 1 : needed;
            visit(carry, 0, end, line, carryStart, true);
          } else {
            const end = stop > at && chunk[stop - 1] === CR ? stop - 1 : stop;
            visit(chunk, at, end, line, carryStart, mayHaveBreaks);
          }
        }
        inLine = false;
        line += 1;
        at = stop + 1;
      }
      position += bytesRead;
      if (options.isDone?.()) return;
    }
    if (inLine && carrySelected && carry) {
      const end = carryLength > 0 && carry[carryLength - 1] === CR ? carryLength - 1 : carryLength;
      visit(carry, 0, end, line, carryStart, true);
    }
  } finally {
    await handle.close();
  }
}
