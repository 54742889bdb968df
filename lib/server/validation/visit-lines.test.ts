import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom } from '../demo/seeded-random';
import { lineBatches } from '../legacy/line-batches';
import { makeTempDir, removeDir } from '../legacy/nedb-test-kit';
import { readLinesAt } from './read-lines-at';
import { visitLines } from './visit-lines';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('visit-lines');
});
afterAll(async () => {
  await removeDir(dir);
});

type Record = { line: number; offset: number; text: string };

async function streamed(file: string, select: (line: number) => boolean): Promise<Record[]> {
  const out: Record[] = [];
  for await (const batch of lineBatches(file, { select })) for (const r of batch) out.push({ line: r.line, offset: r.offset, text: r.text });
  return out;
}

async function visited(file: string, size: number, select: (line: number) => boolean): Promise<Record[]> {
  const out: Record[] = [];
  await visitLines(file, { endOffset: size, select }, (bytes, start, end, line, offset) => out.push({ line, offset, text: Buffer.from(bytes.subarray(start, end)).toString('utf8') }));
  return out;
}

const BREAKS = ['\n', '\r\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029', '\n\n'];

describe('visitLines numbers and cuts records exactly as the migration reader (lineBatches) does', () => {
  it('for every NeDB break, records spanning 1 MB reads, breaks cut by a read, a torn last record, and a selection', async () => {
    const random = createSeededRandom(31);
    const parts: string[] = [];
    let length = 0;
    let i = 0;
    // Past 2.5 MB so that many records and several breaks straddle the 1 MB reads.
    while (length < 2.5 * 1024 * 1024) {
      const body = random.chance(0.01) ? 'x'.repeat(random.int(200_000, 1_300_000)) : `é${'y'.repeat(random.int(0, 300))}日`;
      const record = `{"_id":"r${i}","v":"${body}"}`;
      const brk = random.pick(BREAKS);
      parts.push(record, brk);
      length += Buffer.byteLength(record) + Buffer.byteLength(brk);
      i += 1;
    }
    parts.push('{"_id":"torn"');
    const file = path.join(dir, 'mixed.db');
    const content = Buffer.from(parts.join(''), 'utf8');
    await writeFile(file, content);
    for (const select of [() => true, (line: number) => line % 3 === 1]) {
      const expected = await streamed(file, select);
      expect(expected.length).toBeGreaterThan(100);
      expect(await visited(file, content.length, select)).toEqual(expected);
      expect(await readLinesAt(file, null, expected.map((r) => r.offset))).toEqual(expected.map((r) => r.text));
    }
  });

  it('a break split across two reads at every position near 1 MB is seen whole', async () => {
    for (const brk of ['\r\n', '\u2028', '\u0085']) {
      for (let shift = -3; shift <= 3; shift += 1) {
        const first = `{"_id":"a","v":"${'z'.repeat(1024 * 1024 - 16 - Buffer.byteLength(brk) + shift)}"}`;
        const content = Buffer.from(`${first}${brk}{"_id":"b"}${brk}{"_id":"c"}\n`, 'utf8');
        const file = path.join(dir, `split-${shift}.db`);
        await writeFile(file, content);
        const expected = await streamed(file, () => true);
        expect(expected.map((r) => r.text.slice(0, 11))).toEqual(['{"_id":"a",', '{"_id":"b"}', '{"_id":"c"}']);
        expect(await visited(file, content.length, () => true)).toEqual(expected);
      }
    }
  });

  it('a selected record still open at the end of a read is visited even when the selector says it saw its last line', async () => {
    for (const content of ['{"_id":"a"}\r{"_id":"b"}\r', `{"_id":"a"}\n{"_id":"b","v":"${'q'.repeat(1.5 * 1024 * 1024)}"}\n`]) {
      const file = path.join(dir, 'is-done.db');
      await writeFile(file, content);
      let seenLast = false;
      const out: number[] = [];
      await visitLines(file, { endOffset: Buffer.byteLength(content), select: (line) => (seenLast ||= line === 2), isDone: () => seenLast }, (_b, _s, _e, line) => out.push(line));
      expect(out).toEqual([2]);
    }
  });

  it('refuses a symbolic link like every legacy read', async () => {
    const { symlink } = await import('node:fs/promises');
    const target = path.join(dir, 'real.db');
    await writeFile(target, '{"_id":"a"}\n');
    await symlink(target, path.join(dir, 'link.db'));
    await expect(visited(path.join(dir, 'link.db'), 12, () => true)).rejects.toThrow(/symbolic link/);
    await expect(readLinesAt(path.join(dir, 'link.db'), null, [0])).rejects.toThrow(/symbolic link/);
  });
});
