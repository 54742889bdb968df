import { open } from 'node:fs/promises';

const CHUNK_BYTES = 16 * 1024;
/** A line longer than this is not read whole (NeDB documents are far smaller). */
const MAX_LINE_BYTES = 64 * 1024 * 1024;

export type LineReader = { read(offset: number): Promise<{ text: string; mayHaveBreaks: boolean }>; close(): Promise<void> };

/**
 * Opens a legacy file for reading single lines by byte offset (from the index): each read takes the
 * bytes from `offset` to the next `\n` (or `end`), decoded as UTF-8 without the trailing `\r`, exactly as
 * the streaming reader decodes that line. Reads a few kilobytes per line, never the whole file.
 */
export async function openLineReader(file: string, end: number): Promise<LineReader> {
  const handle = await open(file, 'r');
  return {
    async read(offset) {
      const parts: Buffer[] = [];
      let position = offset;
      let total = 0;
      while (position < end && total < MAX_LINE_BYTES) {
        const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, end - position));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
        if (bytesRead === 0) break;
        const newline = buffer.subarray(0, bytesRead).indexOf(10);
        if (newline !== -1) {
          parts.push(buffer.subarray(0, newline));
          break;
        }
        parts.push(buffer.subarray(0, bytesRead));
        position += bytesRead;
        total += bytesRead;
      }
      const whole = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
      const stop = whole.length > 0 && whole[whole.length - 1] === 13 ? whole.length - 1 : whole.length;
      return { text: whole.toString('utf8', 0, stop), mayHaveBreaks: true };
    },
    close: () => handle.close(),
  };
}
