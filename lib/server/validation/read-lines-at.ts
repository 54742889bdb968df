import { open } from 'node:fs/promises';

/**
 * Reads the lines starting at the given byte offsets of a file (without their newline and one trailing
 * `\r`), in the order given: what a drill-down needs of a legacy file — a few lines, not the file.
 * @throws the fs error if the file cannot be opened or read.
 */
export async function readLinesAt(file: string, offsets: number[]): Promise<string[]> {
  const handle = await open(file, 'r');
  try {
    const out: string[] = [];
    for (const offset of offsets) {
      let size = 8 * 1024;
      for (;;) {
        const buffer = Buffer.allocUnsafe(size);
        const { bytesRead } = await handle.read(buffer, 0, size, offset);
        const newline = buffer.subarray(0, bytesRead).indexOf(0x0a);
        if (newline !== -1 || bytesRead < size) {
          let end = newline === -1 ? bytesRead : newline;
          if (end > 0 && buffer[end - 1] === 0x0d) end -= 1;
          out.push(buffer.toString('utf8', 0, end));
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
