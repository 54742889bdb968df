import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom } from '../demo/seeded-random';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { CanonicalWriter } from './canonical-bytes';
import { BUCKET_SQL, bucketOf } from './cell-sums';
import { canonicalJson, numericText } from './canonical-json';
import { hashText } from './pg-hash';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

/** PostgreSQL's own answer: the jsonb text of `json`, and `hashtextextended` of that text as two unsigned halves. */
async function postgres(texts: string[]): Promise<{ text: string; high: number; low: number }[]> {
  const { rows } = await t.db.query<{ text: string; high: string; low: string }>(
    `SELECT j::text AS text, (hashtextextended(j::text, 0) >> 32) & 4294967295 AS high, hashtextextended(j::text, 0) & 4294967295 AS low
       FROM unnest($1::text[]) WITH ORDINALITY AS u(s, n), LATERAL (SELECT s::jsonb AS j) x ORDER BY n`,
    [texts],
  );
  return rows.map((r) => ({ text: r.text, high: Number(r.high), low: Number(r.low) }));
}

const KEYS = ['_id', 'a', 'b', 'aa', 'ab', 'B', 'Z', 'tenantId', 'é', 'ü', 'ẞ', '日本', '😀', 'key with space', 'x.y', '$$date', '__proto__', '', 'quote"d', 'back\\slash', 'tab\tkey', '10', '9', 'zz', 'a\u007f'];
const STRINGS = ['', 'plain', 'with "quotes"', 'back\\slash', 'new\nline', 'tab\t', 'cr\r', '\b\f', '\u0001\u001f', 'del\u007f', 'unicode é ñ 日本語 😀', '\u2028\u2029', '/slash/', 'emoji 👩‍👩‍👧', '<script>'];
const NUMBERS = [0, -0, 1, -1, 0.1, 1.5, -2.25, 1e21, 1e-7, 1.5e-7, 123456789012345680000, 2 ** 53, -(2 ** 53), 9007199254740993, 5e-324, 1.7976931348623157e308, 1e20, 1e-6, 0.000001, 100, 3.14159, 1e300, -1e-300];

function randomValue(random: ReturnType<typeof createSeededRandom>, depth: number): unknown {
  const roll = random.int(0, depth > 3 ? 5 : 8);
  if (roll === 0) return null;
  if (roll === 1) return random.chance(0.5);
  if (roll === 2 || roll === 3) return random.pick(NUMBERS) * (random.chance(0.2) ? random.int(1, 1000) : 1);
  if (roll === 4 || roll === 5) return random.pick(STRINGS) + (random.chance(0.3) ? String(random.int(0, 99)) : '');
  if (roll === 6) return Array.from({ length: random.int(0, 4) }, () => randomValue(random, depth + 1));
  if (roll === 7 && random.chance(0.3)) return { $$date: random.int(0, 2e12) };
  return randomObject(random, depth + 1);
}

function randomObject(random: ReturnType<typeof createSeededRandom>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of random.sample(KEYS, random.int(0, 8))) Object.defineProperty(out, key, { value: randomValue(random, depth), enumerable: true, writable: true, configurable: true });
  return out;
}

describe('canonical text equals PostgreSQL jsonb output', () => {
  it('numbers print as numeric prints the literal', async () => {
    const literals = ['0', '-0', '-0.0', '1.50', '1e21', '1E+21', '1e-7', '1.5e-7', '-1.5E-7', '12345678901234567890', '0.1', '1.0e2', '1.50e1', '5e-324', '-0e5', '0.000', '123.456e-2', '1e0', '100e-2'];
    const pg = await postgres(literals);
    expect(literals.map(numericText)).toEqual(pg.map((r) => r.text));
  });

  it('random documents (unicode, escapes, numbers, nesting, key order, duplicate keys) round-trip to the same text and hash', async () => {
    const random = createSeededRandom(8);
    const docs = Array.from({ length: 2000 }, (_, i) => ({ _id: `id${i}`, ...randomObject(random, 0) }));
    const texts = docs.map((d) => JSON.stringify(d));
    texts.push('{"b":1,"a":2,"b":3}', '{"aa":1,"b":[{"y":1,"x":[]},{}],"a":{}}', '{"😀":1,"日本":2,"é":3,"z":4}');
    const pg = await postgres(texts);
    const mine = texts.map((text) => canonicalJson(JSON.parse(text)));
    for (let i = 0; i < texts.length; i += 1) expect(mine[i], texts[i]).toBe(pg[i]?.text);
    const hashes = mine.map((text) => hashText(text));
    expect(hashes).toEqual(pg.map((r) => [r.high, r.low]));
  });

  it('a Date compares equal to the {"$$date": ms} NeDB stored', async () => {
    const [pg] = await postgres(['{"at":{"$$date":1700000000123},"n":1}']);
    expect(canonicalJson({ n: 1, at: new Date(1700000000123) })).toBe(pg?.text);
  });

  it('hashes texts of every length like hashtextextended', async () => {
    const texts = Array.from({ length: 40 }, (_, n) => `"${'x'.repeat(n)}é"`);
    const pg = await postgres(texts);
    expect(texts.map((s) => hashText(canonicalJson(JSON.parse(s))))).toEqual(pg.map((r) => [r.high, r.low]));
  });
});

describe('the byte-level writer (the hot path) equals PostgreSQL too, or hands the line to the exact route', () => {
  const writer = new CanonicalWriter();
  const write = (text: string): string | null => {
    const bytes = Buffer.from(`xx${text}\nyy`);
    const length = writer.write(bytes, 2, bytes.length - 3);
    return length < 0 ? null : Buffer.from(writer.out.bytes.subarray(0, length)).toString('utf8');
  };

  it('writes random documents exactly as jsonb prints them', async () => {
    const random = createSeededRandom(21);
    const texts = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ _id: `id${i}`, ...randomObject(random, 0) }));
    const pg = await postgres(texts);
    let written = 0;
    texts.forEach((text, i) => {
      const mine = write(text);
      if (mine === null) return;
      written += 1;
      expect(mine, text).toBe(pg[i]?.text);
    });
    expect(written).toBeGreaterThan(500); // the others hold escaped keys, \\u escapes or $$date keys on purpose
  });

  it('handles what a person may have written by hand: spaces, \\/, 1.50, -0, exponents, nested dates', async () => {
    const texts = [
      ' { "_id" : "a" , "n" : 1.50 , "z" : -0 , "e" : 1E+3 , "f" : -2.5e-3 , "s" : "a\\/b" } ',
      '{"_id":"b","at":{"$$date":1700000000000},"list":[{"$$date":-5}, {"x":[]}],"nested":{"b":{"a":1},"a":[true,false,null]}}',
      '{"_id":"c","big":123456789012345678901234567890,"tiny":0.000000000000000000001,"neg":-0.0}',
      '{"_id":"d","dup":1,"dup":2,"é":"ü","😀":"x"}',
    ];
    const pg = await postgres(texts);
    texts.forEach((text, i) => expect(write(text), text).toBe(pg[i]?.text));
  });

  it('hands to the exact route every line it cannot prove equal to what NeDB loads', () => {
    for (const text of [
      '{"_id":"a","s":"\\u0041"}', // an escape that may spell anything, $$date included
      '{"_id":"a","d":{"$$date":5,"x":1}}', // NeDB turns this object into a Date
      '{"_id":"a","d":{"$$date":"2020-01-01"}}',
      '{"_id":"a","d":{"$$date":1.5}}',
      '{"$$date":5}',
      '[1,2]',
      '{"_id":"a"',
      '{"_id":"a"} trailing',
    ]) expect(write(text), text).toBeNull();
  });
});

describe('the bucket of a legacy id', () => {
  it('is the same in PostgreSQL as in Node, and NULL for a row without legacy id', async () => {
    const ids = ['a', 'user_0001', 'x9', '', ' ', 'é', '日本', 'id😀', 'tab\t', '\u007f', 'Z'];
    const { rows } = await t.db.query<{ b: number | null }>(`SELECT ${BUCKET_SQL('u.id')} AS b FROM unnest($1::text[]) WITH ORDINALITY AS u(id, n) ORDER BY n`, [[...ids, null]]);
    expect(rows.map((r) => r.b)).toEqual([...ids.map(bucketOf), null]);
  });
});
