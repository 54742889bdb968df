import { writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounted, ferryView, makeTempDir, nedbView, removeDir, sameShape } from './nedb-test-kit';
import { readLiveDocuments } from './read-live-documents';
import { scanCollection } from './scan-collection';

let dir: string;
let files = 0;
beforeAll(async () => {
  dir = await makeTempDir('line-endings');
});
afterAll(async () => {
  await removeDir(dir);
});

/** NeDB's own count of records and corrupt records (its loader refuses above threshold 0 and says both). */
async function nedbCounts(file: string): Promise<{ records: number; corrupt: number } | null> {
  const store = new Datastore({ filename: path.join(dir, 'unused.db'), corruptAlertThreshold: 0 });
  const loader = store.persistence as unknown as { treatRawStreamAsync(stream: NodeJS.ReadableStream): Promise<unknown> };
  try {
    await loader.treatRawStreamAsync(createReadStream(file, { encoding: 'utf8' }));
    return null; // nothing corrupt: NeDB does not say how many records it read
  } catch (error) {
    const e = error as { corruptItems: number; dataLength: number };
    return { records: e.dataLength, corrupt: e.corruptItems };
  }
}

/** Ferry yields exactly the documents NeDB's parser keeps, with the same shapes, and counts as NeDB counts. */
async function expectParity(content: string | Buffer) {
  files += 1;
  const file = path.join(dir, `case-${files}.db`);
  await writeFile(file, content);
  const ferry = await ferryView(file);
  const nedb = await nedbView(file);
  expect(accounted(ferry.scan)).toBe(ferry.scan.stats.lines);
  expect([...ferry.docs.keys()].sort()).toEqual([...nedb.parsed.keys()].sort());
  for (const [id, doc] of ferry.docs) expect(sameShape(doc, nedb.parsed.get(id)), id).toBeUndefined();
  const counts = await nedbCounts(file);
  if (counts) expect(ferry.scan.stats.nedb).toMatchObject({ records: counts.records, corruptRecords: counts.corrupt });
  else expect(ferry.scan.stats.corrupt.count).toBe(0);
  return { file, ferry, nedb };
}

const doc = (id: string, extra = '') => `{"_id":"${id}","v":1${extra}}`;

describe('records are split exactly where NeDB splits them', () => {
  const breaks: Record<string, string> = { lf: '\n', crlf: '\r\n', cr: '\r', vt: '\v', ff: '\f', nel: '\u0085', ls: '\u2028', ps: '\u2029' };
  for (const [name, separator] of Object.entries(breaks)) {
    it(`${name} between documents: NeDB loads both, so does Ferry, as records 1 and 2`, async () => {
      const { ferry } = await expectParity(`${doc('a')}${separator}${doc('b')}${separator}`);
      expect(ferry.scan.stats).toMatchObject({ lines: 2, live: 2, blank: 0, corrupt: { count: 0 } });
      expect(ferry.lines).toEqual([1, 2]);
    });
  }

  it('a lone \\r between two documents on one \\n-line: both are loaded (the defect of issue 11)', async () => {
    const { ferry } = await expectParity(`${doc('a')}\n${doc('y')}\r${doc('z')}\n${doc('after')}\n`);
    expect([...ferry.docs.keys()]).toEqual(['a', 'y', 'z', 'after']);
    expect(ferry.lines).toEqual([1, 2, 3, 4]);
  });

  it('a final record without a newline, a final lone \\r, empty records between breaks', async () => {
    await expectParity(`${doc('a')}\n${doc('b')}`);
    await expectParity(`${doc('a')}\r`);
    const { ferry } = await expectParity(`${doc('a')}\n\r\n\r${doc('b')}\r\r\n\u2028${doc('c')}`);
    // a, '', '', b, '', '', c: empty records are blank (NeDB skips them) but keep their numbers.
    expect(ferry.scan.stats).toMatchObject({ lines: 7, blank: 4, live: 3 });
    expect(ferry.lines).toEqual([1, 4, 7]);
  });

  it('a U+2028 inside a value cuts the document into two corrupt records; the previous version stays', async () => {
    const { ferry } = await expectParity(`${doc('n1')}\n{"_id":"n1","text":"pasted\u2028text"}\n${doc('n2')}\n`);
    expect(ferry.docs.get('n1')).toEqual({ _id: 'n1', v: 1 });
    expect(ferry.scan.stats.corrupt.samples.map((s) => s.line)).toEqual([2, 3]);
    expect(ferry.scan.stats.lines).toBe(4);
  });

  it('pieces of one \\n-line are each their own document, tombstone or corrupt record', async () => {
    const line = `${doc('x')}\u2029{"$$deleted":true,"_id":"x"}\u0085{broken\f${doc('y')}\v{"$$indexCreated":{"fieldName":"v"}}`;
    const { ferry } = await expectParity(`${doc('x', ',"old":true')}\n${line}\n`);
    expect([...ferry.docs.keys()]).toEqual(['y']);
    expect(ferry.scan.stats).toMatchObject({ lines: 6, live: 1, deleted: 1, superseded: 2, metadata: 1, corrupt: { count: 1, samples: [{ line: 4 }] } });
  });

  it('breaks cut by the 1 MB read boundary: CRLF, CR, C2|85, E2|80 A8 and E2 80|A8', { timeout: 60_000 }, async () => {
    for (const separator of ['\r\n', '\r', '\u0085', '\u2028', '\u2029']) {
      const bytes = Buffer.byteLength(separator);
      for (let shift = 0; shift <= bytes; shift += 1) {
        const head = `{"_id":"big","pad":"`;
        const pad = 'p'.repeat((1 << 20) - head.length - 2 - shift);
        const { ferry } = await expectParity(`${head}${pad}"}${separator}${doc('after')}${separator}${doc('last')}`);
        expect(ferry.scan.stats.live, `${JSON.stringify(separator)} shift ${shift}`).toBe(3);
      }
    }
  });

  it('invalid UTF-8 next to breaks decodes as NeDB decodes it', async () => {
    const parts = [Buffer.from('{"_id":"a","t":"'), Buffer.from([0xe2, 0x80]), Buffer.from('"}\n{"_id":"b","t":"'), Buffer.from([0xf0]), Buffer.from('\u2028'),
      Buffer.from('"}\n{"_id":"c","t":"'), Buffer.from([0xed, 0xa0, 0x80, 0xc2]), Buffer.from('"}\r\n{"_id":"d","t":"x'), Buffer.from([0xc0, 0x85]), Buffer.from('"}\n')];
    const { ferry } = await expectParity(Buffer.concat(parts));
    expect(ferry.docs.get('a')?.t).toBe('\ufffd');
    expect(ferry.docs.has('d')).toBe(true);
  });

  it('matches NeDB on 150 random files of documents joined by random breaks', { timeout: 60_000 }, async () => {
    let seed = 11;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)] as T;
    const separators = ['\n', '\r\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029', '\n\n', '\r\r\n'];
    const records = [() => doc(`id${Math.floor(random() * 6)}`, `,"n":${Math.floor(random() * 100)}`), () => `{"$$deleted":true,"_id":"id${Math.floor(random() * 6)}"}`,
      () => `{"_id":"s${Math.floor(random() * 6)}","t":"a${pick(separators)}b"}`, () => '{"broken', () => '   ', () => '{"no":"id"}'];
    for (let round = 0; round < 150; round += 1) {
      const count = 1 + Math.floor(random() * 8);
      let content = '';
      for (let i = 0; i < count; i += 1) content += pick(records)() + (i === count - 1 && random() < 0.3 ? '' : pick(separators));
      await expectParity(content);
    }
  });
});

describe('record numbers are resume positions', () => {
  it('resuming from any record yields exactly the live documents at or after it', async () => {
    const file = path.join(dir, 'resume.db');
    const content = [doc('a'), `${doc('b')}\r${doc('c')}`, `${doc('d')}\u2028${doc('e')}\u2029${doc('a', ',"v2":1')}`, '', `${doc('f')}\r\n${doc('g')}`].join('\n');
    await writeFile(file, content);
    const scan = await scanCollection(file);
    const all: { line: number; id: string }[] = [];
    for await (const live of readLiveDocuments(file, scan)) all.push({ line: live.line, id: live.id });
    expect(all.map((d) => d.id)).toEqual(['b', 'c', 'd', 'e', 'a', 'f', 'g']);
    for (let from = 1; from <= scan.stats.lines + 1; from += 1) {
      const resumed: { line: number; id: string }[] = [];
      for await (const live of readLiveDocuments(file, scan, { fromLine: from })) resumed.push({ line: live.line, id: live.id });
      expect(resumed, `from ${from}`).toEqual(all.filter((d) => d.line >= from));
    }
  });
});
