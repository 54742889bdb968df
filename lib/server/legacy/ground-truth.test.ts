import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounted, ferryView, makeTempDir, nedbView, removeDir, sameShape, writeWithNedb } from './nedb-test-kit';

type Doc = Record<string, unknown>;
let dir: string;

beforeAll(async () => {
  dir = await makeTempDir('ground-truth');
});
afterAll(async () => {
  await removeDir(dir);
});

/** Ferry's live set equals NeDB's parse, its load (when NeDB accepts the file) and `findAsync({})`. */
async function expectSameAsNedb(file: string, options: { findComparable?: boolean } = {}) {
  const ferry = await ferryView(file);
  const nedb = await nedbView(file);
  expect(accounted(ferry.scan)).toBe(ferry.scan.stats.lines);
  expect([...ferry.lines]).toEqual([...ferry.lines].sort((a, b) => a - b));
  expect([...ferry.docs.keys()].sort()).toEqual([...nedb.parsed.keys()].sort());
  for (const [id, doc] of ferry.docs) {
    expect(sameShape(doc, nedb.parsed.get(id)), id).toBeUndefined();
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
  }
  if (!(nedb.loaded instanceof Error)) {
    expect([...ferry.docs.keys()].sort()).toEqual([...nedb.loaded.keys()].sort());
    for (const [id, doc] of ferry.docs) expect(sameShape(doc, nedb.loaded.get(id)), id).toBeUndefined();
  }
  if (options.findComparable !== false && !(nedb.found instanceof Error)) {
    const found = new Map(nedb.found.map((doc) => [String(doc._id), doc]));
    expect(Object.fromEntries(ferry.docs)).toEqual(Object.fromEntries(found));
  }
  return { ferry, nedb };
}

describe('Ferry reads what NeDB loads', () => {
  it('library-written history: inserts, updates, removes, re-insert, numeric ids, indexes', async () => {
    const file = path.join(dir, 'history.db');
    await writeWithNedb(file, async (db) => {
      await db.ensureIndexAsync({ fieldName: 'email', unique: true });
      await db.insertAsync<Doc>([
        { _id: 'u1', email: 'ana@acme.test', name: 'Ana', createdAt: new Date(1_700_000_000_000), tags: ['a', 'b'], profile: { city: 'Zürich', lang: 'de' } },
        { _id: 'u2', email: 'bo@acme.test', name: '波', score: 1.5, nested: { deep: { when: new Date(5) } } },
        { _id: 'u3', email: 'ca@acme.test', name: 'שלום 🐧', constructor: 'not a function', toString: 'plain' },
        { _id: 7, email: 'num@acme.test', kind: 'numeric id' },
      ]);
      await db.updateAsync({ _id: 'u1' }, { $set: { name: 'Ana Maria', 'profile.city': 'Genève' } });
      await db.updateAsync({ _id: 'u2' }, { email: 'bo@acme.test', replaced: true });
      await db.updateAsync({}, { $inc: { visits: 1 } }, { multi: true });
      await db.removeAsync({ _id: 'u3' }, {});
      await db.insertAsync({ _id: 'u3', email: 'ca2@acme.test', name: 'back again' });
      await db.updateAsync({ _id: 7 }, { $set: { kind: 'updated numeric' } });
      await db.ensureIndexAsync({ fieldName: 'name' });
      await db.removeIndexAsync('name');
      await db.removeAsync({ _id: 'u2' }, {});
    });
    const { ferry } = await expectSameAsNedb(file);
    const s = ferry.scan.stats;
    expect(s).toMatchObject({ live: 3, deleted: 2, metadata: 3, blank: 0, corrupt: { count: 0 }, withoutId: { count: 0 } });
    expect(s.superseded).toBe(s.lines - 3 - 2 - 3);
    expect(s.nedb.indexes).toEqual([{ fieldName: 'email', unique: true, sparse: false }]);
    expect(ferry.docs.get('u1')?.createdAt).toEqual(new Date(1_700_000_000_000));
    expect(ferry.docs.get('7')?._id).toBe(7);
  });

  it('numeric 1 and string "1" are one id, the later line wins', async () => {
    const file = path.join(dir, 'collide.db');
    await writeWithNedb(file, async (db) => {
      await db.insertAsync({ _id: 1, v: 'number' });
      await db.insertAsync({ _id: '1', v: 'string' });
      await db.insertAsync({ _id: 2, v: 'number two' });
    });
    const { ferry } = await expectSameAsNedb(file);
    expect(ferry.docs.get('1')).toEqual({ _id: '1', v: 'string' });
    expect(ferry.scan.stats).toMatchObject({ live: 2, superseded: 1 });
  });

  it('hand-appended damage and odd keys between library writes', async () => {
    const file = path.join(dir, 'damaged.db');
    await writeWithNedb(file, async (db) => {
      await db.insertAsync(Array.from({ length: 40 }, (_, i) => ({ _id: `d${i}`, n: i, at: new Date(i * 1000), text: `Grüße ${i} 你好 مرحبا 🐧` })));
      await appendFile(file, '{"_id":"garbage", this is not json\n\n\n   \n');
      await db.updateAsync({ _id: 'd1' }, { $set: { n: 100 } });
      await appendFile(file, [
        '{"_id":"proto-key","__proto__":{"polluted":true},"constructor":{"prototype":{"bad":1}},"when":{"$$date":86400000}}',
        '{"name":"no id at all"}',
        '{"_id":0,"v":"falsy id"}',
        '{"_id":"","v":"empty id"}',
        '{"$$deleted":true}',
        '{"$$indexCreated":{"fieldName":"n","unique":false,"sparse":true}}',
        '{"_id":"d2","$$deleted":true}',
        '{"_id":"d2","v":"re-inserted after removal"}',
        '{"_id":"keys","émoji🐧":"✓","企鹅":{"nested":{"deeper":[1,{"x":null}]}},"ltr‏rtl":"ok"}',
        '["an","array"]',
        'null',
        '{"_id":{"toString":1},"v":"unconvertible id"}',
        '',
      ].join('\n'));
      await db.updateAsync({ _id: 'd3' }, { $set: { n: 300 } });
    });
    await appendFile(file, '{"_id":"torn","v":"half a wri');
    const { ferry } = await expectSameAsNedb(file, { findComparable: false });
    const s = ferry.scan.stats;
    expect(s.corrupt.samples.map((sample) => sample.line)).toEqual([41, 44, 56, 57, 59]); // garbage, whitespace-only, null, unconvertible _id, torn
    expect(s.corrupt.samples[4]?.excerpt).toContain('"torn"');
    expect(s.blank).toBe(2);
    expect(s.withoutId.count).toBe(5);
    expect(s.metadata).toBe(1);
    expect(s.nedb).toMatchObject({ records: 57, corruptRecords: 5 });
    const proto = ferry.docs.get('proto-key') as Doc;
    expect(Object.keys(proto)).toEqual(['_id', '__proto__', 'constructor', 'when']);
    expect(Object.getOwnPropertyDescriptor(proto, '__proto__')?.value).toEqual({ polluted: true });
    expect(proto.when).toEqual(new Date(86_400_000));
    expect(({} as Doc).polluted).toBeUndefined();
  });

  it('a dotted key: NeDB parses it but refuses to load the file; Ferry reads it and reports it', async () => {
    const file = path.join(dir, 'dotted.db');
    await writeWithNedb(file, (db) => db.insertAsync({ _id: 'a', ok: true }).then(() => undefined));
    await appendFile(file, '{"_id":"b","settings":{"smtp.host":"mail.acme.test"}}\n{"_id":"c","k.old":1}\n{"_id":"c","k":1}\n');
    const { ferry, nedb } = await expectSameAsNedb(file);
    expect(nedb.loaded).toBeInstanceOf(Error);
    expect((nedb.loaded as Error).message).toMatch(/cannot contain a \./);
    expect(ferry.scan.stats.nedb.invalidKeys).toMatchObject({ count: 1, samples: [{ line: 2, reason: 'key "settings.smtp.host": field names cannot contain a .' }] });
  });

  it('_id "__proto__": NeDB loses the first, and stores later ones once the prototype has a __proto__ key', async () => {
    const file = path.join(dir, 'proto-id.db');
    const lines = [
      '{"_id":"__proto__","v":1}',
      '{"_id":"x","v":1}',
      '{"_id":"__proto__","v":2,"__proto__":{"shadow":true}}',
      '{"_id":"__proto__","v":3}',
      '{"_id":"__proto__","v":4}',
      '{"_id":"__proto__","$$deleted":true}',
      '{"_id":"__proto__","v":5}',
    ];
    await writeFile(file, `${lines.join('\n')}\n`);
    const { ferry } = await expectSameAsNedb(file, { findComparable: false });
    expect(ferry.docs.get('__proto__')).toEqual({ _id: '__proto__', v: 5 });
    expect(ferry.scan.stats).toMatchObject({ live: 2, superseded: 2, deleted: 1, withoutId: { count: 2 } });
  });

  it('U+2028 in a value: NeDB cuts the line in two corrupt records and keeps the previous version', async () => {
    const file = path.join(dir, 'separator.db');
    await writeWithNedb(file, async (db) => {
      await db.insertAsync({ _id: 'n1', text: 'first version' });
      await db.updateAsync({ _id: 'n1' }, { $set: { text: 'pasted\u2028text' } });
      await db.insertAsync({ _id: 'n2', text: 'ok' });
    });
    await appendFile(file, '{"_id":"crlf","v":1}\r\n');
    const { ferry } = await expectSameAsNedb(file);
    expect(ferry.docs.get('n1')).toEqual({ _id: 'n1', text: 'first version' });
    expect(ferry.scan.stats.corrupt.samples[0]).toMatchObject({ line: 2 });
    expect(ferry.scan.stats.nedb).toMatchObject({ records: 5, corruptRecords: 2 });
  });

  it('a CR inside a \\n-line: NeDB loads the pieces as separate documents, and so does Ferry', async () => {
    const file = path.join(dir, 'cr.db');
    await writeFile(file, '{"_id":"a","v":1}\n{"_id":"y","v":1}\r{"_id":"z","v":1}\n');
    const { ferry, nedb } = await expectSameAsNedb(file);
    expect([...nedb.parsed.keys()].sort()).toEqual(['a', 'y', 'z']);
    expect(ferry.lines).toEqual([1, 2, 3]);
    expect(ferry.scan.stats.corrupt.count).toBe(0);
  });

  it('{"$$date":"not-a-number"}: NeDB loads an Invalid Date; Ferry keeps it and reports file and line', async () => {
    const file = path.join(dir, 'invalid-date.db');
    const lines = [
      '{"_id":"a","at":{"$$date":"not-a-number"}}',
      '{"_id":"b","at":{"$$date":1e20},"ok":{"$$date":5}}',
      '{"_id":"c","at":{"$$date":"2020-01-01"},"n":{"$$date":null}}',
      '{"_id":"d","at":{"$$date":"x"}}',
      '{"_id":"d","at":{"$$date":7}}',
      '{"_id":"e","deep":[{"w":{"$$date":""}}]}',
    ];
    await writeFile(file, `${lines.join('\n')}\n`);
    const { ferry } = await expectSameAsNedb(file);
    expect(Number.isNaN((ferry.docs.get('a')?.at as Date).getTime())).toBe(true);
    expect(ferry.scan.stats.nedb.invalidDates).toMatchObject({ count: 3, samples: [{ line: 1 }, { line: 2 }, { line: 6 }] });
    expect(ferry.scan.stats.nedb.invalidDates?.samples[0]?.reason).toMatch(/Invalid Date/);
  });

  it('nesting: 1,500 levels load in both; 10,000 levels overflow NeDB\'s deserializer, so the line is corrupt in both', async () => {
    const file = path.join(dir, 'deep.db');
    const nest = (id: string, depth: number) => `{"_id":"${id}","v":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
    const arrays = (id: string, depth: number) => `{"_id":"${id}","v":${'['.repeat(depth)}${']'.repeat(depth)},"at":{"$$date":1}}`;
    await writeFile(file, [nest('ok', 1500), nest('deep', 10_000), arrays('ok-arrays', 1500), arrays('deep-arrays', 10_000), '{"_id":"after"}', ''].join('\n'));
    const { ferry } = await expectSameAsNedb(file, { findComparable: false });
    expect([...ferry.docs.keys()].sort()).toEqual(['after', 'ok', 'ok-arrays']);
    expect(ferry.scan.stats.corrupt.samples.map((sample) => sample.line)).toEqual([2, 4]);
    expect(ferry.scan.stats.corrupt.samples[0]?.reason).toMatch(/nested too deeply/);
  });

  it('handles a 1 KB and a 5 MB single document', async () => {
    for (const size of [1024, 5 * 1024 * 1024]) {
      const file = path.join(dir, `big-${size}.db`);
      const body = 'é🐧x'.repeat(Math.ceil(size / 8));
      await writeWithNedb(file, async (db) => {
        await db.insertAsync({ _id: 'small', v: 1 });
        await db.insertAsync({ _id: 'big', body, list: Array.from({ length: 100 }, (_, i) => ({ i, at: new Date(i) })) });
        await db.updateAsync({ _id: 'big' }, { $set: { flag: true } });
      });
      const { ferry } = await expectSameAsNedb(file);
      expect((ferry.docs.get('big')?.body as string).length).toBe(body.length);
      expect(ferry.scan.stats).toMatchObject({ live: 2, superseded: 1 });
    }
  });
});
