import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/shared/errors';
import { accounted, ferryView, makeTempDir, nedbView, removeDir, sameShape, writeWithNedb } from './nedb-test-kit';
import { readLiveDocuments } from './read-live-documents';
import { scanCollection } from './scan-collection';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('scan');
});
afterAll(async () => {
  await removeDir(dir);
});

async function collect(file: string, scan: Awaited<ReturnType<typeof scanCollection>>, fromLine?: number) {
  const out: Array<{ line: number; id: string }> = [];
  for await (const live of readLiveDocuments(file, scan, { fromLine })) out.push({ line: live.line, id: live.id });
  return out;
}

describe('scanCollection accounting', () => {
  it('lines = live + superseded + deleted + metadata + blank + corrupt + withoutId on tricky files', async () => {
    const cases: Record<string, string> = {
      empty: '',
      onlyNewlines: '\n\n\n',
      crlf: '{"_id":"a"}\r\n\r\n{"_id":"a","v":2}\r\n',
      noTrailingNewline: '{"_id":"a"}\n{"_id":"b"}',
      tornJson: '{"_id":"a"}\n{"_id":"b","v":',
      tombstoneOfNothing: '{"$$deleted":true,"_id":"ghost"}\n',
      deleteThenReinsert: '{"_id":"a"}\n{"$$deleted":true,"_id":"a"}\n{"_id":"a","v":2}\n{"_id":"a","v":3}\n',
      metadataOnly: '{"$$indexCreated":{"fieldName":"x"}}\n{"$$indexRemoved":"x"}\n{"$$indexCreated":{"fieldName":null}}\n',
      oddValues: '123\n"str"\ntrue\n[]\nnull\n{}\n{"_id":false}\n{"_id":[]}\n{"_id":[0]}\n',
      separators: '{"_id":"a","t":"x\u2028y"}\n\f\n{"_id":"b"}\u000b\n\u0085\n',
      bom: '\ufeff{"_id":"a"}\n{"_id":"b"}\n',
      dateObjects: '{"_id":"a","d":{"$$date":{"toString":1}}}\n{"_id":"b","d":{"$$date":{"x":1}}}\n{"_id":{"$$date":5},"v":1}\n{"$$date":1,"_id":"c"}\n',
    };
    for (const [name, content] of Object.entries(cases)) {
      const file = path.join(dir, `${name}.db`);
      await writeFile(file, content);
      const { scan, docs } = await ferryView(file);
      expect(accounted(scan), name).toBe(scan.stats.lines);
      expect(scan.finalLines.length, name).toBe(scan.stats.live);
      const nedb = await nedbView(file);
      expect([...docs.keys()].sort(), name).toEqual([...nedb.parsed.keys()].sort());
    }
  });

  it('counts what the cases mean', async () => {
    const file = path.join(dir, 'meaning.db');
    await writeFile(file, '{"_id":"a"}\n{"$$deleted":true,"_id":"a"}\n{"_id":"a","v":2}\n{"_id":"a","v":3}\n\n{"_id":[0]}\n{"_id":["a"]}\n');
    const { stats } = await scanCollection(file);
    // ["a"] is String(["a"]) === "a": NeDB sees the same id, so it supersedes line 4.
    expect(stats).toMatchObject({ lines: 7, live: 2, superseded: 3, deleted: 1, blank: 1, corrupt: { count: 0 }, withoutId: { count: 0 } });
  });

  it('survives lines that straddle 1 MB chunk boundaries, including a CRLF cut in half', async () => {
    const file = path.join(dir, 'boundaries.db');
    const filler = (id: number, size: number) => JSON.stringify({ _id: `f${id}`, pad: 'x'.repeat(size) });
    const first = filler(1, (1 << 20) - 30); // ends a few bytes before the boundary
    await writeFile(file, `${first}\r\n${filler(2, 20)}\r\n${filler(3, 3 << 20)}\n\n${filler(2, 5)}\n`);
    const boundaryFile = path.join(dir, 'crlf-cut.db');
    const exact = JSON.stringify({ _id: 'cut', pad: 'y'.repeat((1 << 20) - 24) });
    await writeFile(boundaryFile, `${exact.padEnd((1 << 20) - 1, ' ')}\r\n{"_id":"after"}\n`);
    for (const target of [file, boundaryFile]) {
      const { scan, docs } = await ferryView(target);
      const nedb = await nedbView(target);
      expect(accounted(scan)).toBe(scan.stats.lines);
      expect([...docs.keys()].sort()).toEqual([...nedb.parsed.keys()].sort());
      for (const [id, doc] of docs) expect(sameShape(doc, nedb.parsed.get(id)), id).toBeUndefined();
    }
  });

  it('matches NeDB on 20 random histories written by the library with random damage', async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let round = 0; round < 20; round++) {
      const file = path.join(dir, `random-${round}.db`);
      await writeWithNedb(file, async (db) => {
        for (let step = 0; step < 60; step++) {
          const id = Math.floor(random() * 12);
          const key = random() < 0.3 ? id : `r${id}`;
          const r = random();
          if (r < 0.4) await db.insertAsync({ _id: `${key}-${step}`, n: step, at: new Date(step * 1000) });
          else if (r < 0.7) await db.updateAsync({ _id: key }, { _id: key, n: step, text: `v${step} ✓` }, { upsert: true });
          else if (r < 0.85) await db.removeAsync({ _id: key }, {});
          else if (r < 0.95) await appendFile(file, random() < 0.5 ? '\n' : `{"_id":"broken-${step}",\n`);
          else await appendFile(file, `{"_id":${JSON.stringify(key)},"$$deleted":true}\n`);
        }
      });
      const { scan, docs } = await ferryView(file);
      const nedb = await nedbView(file);
      expect(accounted(scan)).toBe(scan.stats.lines);
      expect([...docs.keys()].sort()).toEqual([...nedb.parsed.keys()].sort());
      for (const [id, doc] of docs) expect(sameShape(doc, nedb.parsed.get(id)), `${round}:${id}`).toBeUndefined();
    }
  });
});

describe('nedb.invalidKeys', () => {
  it('is non-zero exactly when NeDB refuses to load the file', async () => {
    const cases = [
      '{"_id":"a","ok":{"nested":[1,{"x":2}]}}',
      '{"_id":"a","k.dot":1}',
      '{"_id":"a","k.dot":1}\n{"_id":"a","k":1}',
      '{"_id":"a","k":1}\n{"_id":"a","k.dot":1}',
      '{"_id":"a","k.dot":1}\n{"$$deleted":true,"_id":"a"}',
      '{"_id":"a","d":{"$$date":1,"k.dot":2}}',
      '{"_id":"a","list":[{"$where":1}]}',
      '{"_id":"a","p.q":{"$$date":1}}',
    ];
    for (const [i, content] of cases.entries()) {
      const file = path.join(dir, `keys-${i}.db`);
      await writeFile(file, `${content}\n`);
      const { stats } = await scanCollection(file);
      const nedb = await nedbView(file);
      expect(stats.nedb.invalidKeys.count > 0, content).toBe(nedb.loaded instanceof Error);
    }
  });
});

describe('readLiveDocuments', () => {
  it('resumes at a line, through resume points, with the same documents an uninterrupted read yields after it', async () => {
    const file = path.join(dir, 'resume.db');
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) lines.push(JSON.stringify({ _id: `id${i % 7000}`, i }));
    await writeFile(file, `${lines.join('\n')}\n`);
    const scan = await scanCollection(file, { keepIds: true });
    expect(scan.resumePoints.offsets.length).toBe(Math.ceil(10_000 / scan.resumePoints.every));
    expect(scan.ids?.get('id0')).toBe(7001);
    const all = await collect(file, scan);
    expect(all.length).toBe(7000);
    for (const from of [1, 2, 4096, 4097, 4098, 7001, 8500, 10_000, 10_001, 50_000]) {
      expect(await collect(file, scan, from), `from ${from}`).toEqual(all.filter((entry) => entry.line >= from));
    }
  });

  it('refuses to read a file that changed since the scan', async () => {
    const file = path.join(dir, 'changed.db');
    await writeFile(file, '{"_id":"a"}\n');
    const scan = await scanCollection(file);
    await appendFile(file, '{"_id":"b"}\n');
    await expect(collect(file, scan)).rejects.toMatchObject({ code: 'conflict' });
    await expect(scanCollection(path.join(dir, 'missing.db'))).rejects.toBeInstanceOf(AppError);
  });
});
