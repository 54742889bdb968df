import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCollections } from './list-collections';
import { accounted, ferryView, makeTempDir, nedbView, removeDir, sameShape } from './nedb-test-kit';
import { writeHostileCorpus, type HostileCorpus } from './testing/hostile-corpus';

let root: string;
let corpus: HostileCorpus;
beforeAll(async () => {
  root = await makeTempDir('hostile');
  corpus = await writeHostileCorpus(root, 'small');
});
afterAll(async () => {
  await removeDir(root);
});

describe('the reader on hostile legacy files', { timeout: 120_000 }, () => {
  it('lists the collections, odd names included, and skips the link leading outside, the link to /etc/passwd and the directory', async () => {
    const listing = await listCollections(corpus.dir);
    expect(listing.skipped.map((s) => s.name)).toEqual(corpus.skipped);
    expect(listing.unreadable).toEqual([]);
    for (const name of corpus.oddNames) expect(listing.collections.map((c) => c.name)).toContain(name);
    expect(listing.collections.every((c) => c.file.startsWith(corpus.dir + path.sep))).toBe(true);
  });

  it('every file: nothing throws, the accounting adds up, every report has a line, and the documents are exactly what NeDB loads', async () => {
    const listing = await listCollections(corpus.dir);
    for (const { name, file } of listing.collections) {
      const ferry = await ferryView(file);
      const nedb = await nedbView(file);
      const s = ferry.scan.stats;
      expect(accounted(ferry.scan), name).toBe(s.lines);
      for (const sample of [...s.corrupt.samples, ...s.withoutId.samples, ...s.nedb.invalidKeys.samples, ...(s.nedb.invalidDates?.samples ?? [])]) {
        expect(sample.line, name).toBeGreaterThanOrEqual(1);
        expect(sample.line, name).toBeLessThanOrEqual(s.lines);
        expect(JSON.stringify(sample), name).not.toMatch(/\\u0000|\\ud[89a-f][0-9a-f]{2}/i); // storable as jsonb
      }
      expect([...ferry.docs.keys()].sort(), name).toEqual([...nedb.parsed.keys()].sort());
      for (const [id, doc] of ferry.docs) expect(sameShape(doc, nedb.parsed.get(id)), `${name} ${id}`).toBeUndefined();
      if (!(nedb.loaded instanceof Error)) expect([...ferry.docs.keys()].sort(), name).toEqual([...nedb.loaded.keys()].sort());
    }
  });

  it('reports what each hostile line is, with its line', async () => {
    const stats = async (name: string) => (await ferryView(path.join(corpus.dir, `${name}.db`))).scan.stats;
    expect((await stats('malformed')).corrupt.samples.map((s) => s.line)).toEqual([2, 3, 4, 6, 7, 8]);
    expect((await stats('bom')).corrupt.samples).toMatchObject([{ line: 1 }]);
    expect((await stats('line-endings'))).toMatchObject({ live: 11 - 1, corrupt: { count: 2, samples: [{ line: 5 }, { line: 6 }] } });
    expect((await stats('deep')).corrupt.samples.map((s) => [s.line, s.reason.slice(0, 24)])).toEqual([[2, 'nested too deeply: NeDB\''], [3, 'nested too deeply: NeDB\'']]);
    expect((await stats('nul-and-surrogates')).corrupt.samples).toMatchObject([{ line: 4, excerpt: expect.stringContaining('a\u2400b') }]);
    expect((await stats('dates')).nedb.invalidDates).toMatchObject({ count: 2, samples: [{ line: 1 }, { line: 2 }] });
    expect((await stats('keys')).nedb.invalidKeys.count).toBe(3);
    expect((await stats('empty'))).toMatchObject({ lines: 0, live: 0 });
  });
});
