import { openLegacyFile, type FileIdentity } from '../legacy/open-legacy-file';
import { nextBreak } from '../legacy/record-breaks';

/**
 * Reads the NeDB records starting at the given byte offsets of a legacy file (each up to its break, see
 * record-breaks.ts), decoded as UTF-8, in the order given: what a drill-down needs of a legacy file — a
 * few records, not the file. Opened like every legacy read (openLegacyFile: no link, the listed inode).
 * @throws what openLegacyFile throws, and fs read errors.
 */
export async function readLinesAt(file: string, identity: FileIdentity | null, offsets: number[]): Promise<string[]> {
  const { handle } = await openLegacyFile(file, identity);
  try {
    const out: string[] = [];
    for (const offset of offsets) {
      let size = 8 * 1024;
      for (;;) {
        const buffer = Buffer.allocUnsafe(size);
        const { bytesRead } = await handle.read(buffer, 0, size, offset);
        // The last 2 bytes may be the start of a multi-byte break: only trust a break found before them.
        const stop = nextBreak(buffer, 0, bytesRead);
        if ((stop !== -1 && stop < bytesRead - 2) || bytesRead < size) {
          out.push(buffer.toString('utf8', 0, stop === -1 ? bytesRead : stop));
          break;
        }
        size *= 4;
      }
    }
    return out;
  } finally {
    await handle.close();
  }
}
