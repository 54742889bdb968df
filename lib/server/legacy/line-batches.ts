import { createReadStream } from 'node:fs';

/**
 * One decoded line: 1-based number, byte offset of its first byte, text without `\n` and one trailing
 * `\r`, and whether it may hold one of the other characters NeDB's byline splits on (CR, VT, FF,
 * U+0085, U+2028, U+2029): false only when the byte-level search of its chunk found none.
 */
export type RawLine = { line: number; offset: number; text: string; mayHaveBreaks: boolean };

export type LineBatchOptions = {
  /** Byte offset to start at; must be the first byte of line `firstLine`. Default 0. */
  startOffset?: number;
  /** Number of the line starting at `startOffset`. Default 1. */
  firstLine?: number;
  /** Stop before this byte offset (the size seen at scan time, so later appends are not read). */
  endOffset?: number;
  /**
   * Called for every line in order; lines for which it returns false are counted but never decoded
   * (that is what makes skipping superseded lines cheap). Default: every line.
   */
  select?: (line: number) => boolean;
  /** Called with the byte offset of every line whose number is 1 mod `every` (resume points). */
  checkpoint?: { every: number; record: (line: number, offset: number) => void };
};

const CHUNK_BYTES = 1 << 20;
/** UTF-8 of the characters byline.js splits on besides `\n` (`\r` also ends CRLF lines: then every line is checked). */
const BREAK_BYTES = [Buffer.from([0x0d]), Buffer.from([0x0b]), Buffer.from([0x0c]), Buffer.from('\u0085'), Buffer.from('\u2028'), Buffer.from('\u2029')];
const LF = 0x0a;
const CR = 0x0d;

/**
 * Stream a file as batches of decoded lines, one batch per 1 MB chunk read.
 * Lines are split on `\n` bytes (a `\n` byte is never part of a multi-byte UTF-8 sequence, so
 * per-line decoding equals decoding the whole file, which is what NeDB does with `encoding: 'utf8'`).
 * A last line without a trailing `\n` (a torn write) is still yielded; the empty string after a
 * final `\n` is not a line. Memory: one chunk plus the longest line.
 * @throws the fs error if the file cannot be opened or read.
 */
export async function* lineBatches(filePath: string, options: LineBatchOptions = {}): AsyncGenerator<RawLine[]> {
  const select = options.select;
  const checkpoint = options.checkpoint;
  let line = options.firstLine ?? 1;
  let fileOffset = options.startOffset ?? 0;
  // A line that spans chunks: its pieces so far (only kept when the line is selected).
  let carry: Buffer[] = [];
  let carryStart = fileOffset;
  let carrySelected: boolean | undefined;

  if (options.endOffset !== undefined && options.endOffset <= fileOffset) return;
  const end = options.endOffset === undefined ? undefined : options.endOffset - 1;
  const stream = createReadStream(filePath, { start: fileOffset, end, highWaterMark: CHUNK_BYTES });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const batch: RawLine[] = [];
    // One native search per pattern per chunk instead of a regex per line. A pattern cut by the
    // chunk boundary lies in a line spanning chunks, and those lines are always re-checked.
    const chunkMayHaveBreaks = BREAK_BYTES.some((bytes) => chunk.includes(bytes));
    let position = 0;
    while (position < chunk.length) {
      const newline = chunk.indexOf(LF, position);
      const stop = newline === -1 ? chunk.length : newline;
      if (carrySelected === undefined) {
        carryStart = fileOffset + position;
        if (checkpoint && (line - 1) % checkpoint.every === 0) checkpoint.record(line, carryStart);
        carrySelected = select ? select(line) : true;
      }
      if (newline === -1) {
        // Copied: the stream may reuse its buffers once we move on.
        if (carrySelected) carry.push(Buffer.from(chunk.subarray(position, stop)));
        break;
      }
      if (carrySelected) {
        const spans = carry.length > 0;
        const text = spans ? decodeParts([...carry, chunk.subarray(position, stop)]) : decode(chunk, position, stop);
        batch.push({ line, offset: carryStart, text, mayHaveBreaks: spans || chunkMayHaveBreaks });
      }
      carry = [];
      carrySelected = undefined;
      line += 1;
      position = newline + 1;
    }
    fileOffset += chunk.length;
    if (batch.length > 0) yield batch;
  }
  if (carrySelected !== undefined) {
    // Torn last line: no trailing newline.
    if (carrySelected) yield [{ line, offset: carryStart, text: decodeParts(carry), mayHaveBreaks: true }];
  }
}

function decode(buffer: Buffer, start: number, end: number): string {
  const stop = end > start && buffer[end - 1] === CR ? end - 1 : end;
  return buffer.toString('utf8', start, stop);
}

function decodeParts(parts: Buffer[]): string {
  const whole = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  return decode(whole, 0, whole.length);
}
