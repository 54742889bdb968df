import { describe, expect, it } from 'vitest';
import { classifyRecord } from './interpret-line';
import { deserializeNedb, findInvalidKey } from './nedb-deserialize';
import { nedbModel, sameShape } from './nedb-test-kit';

function outcome(fn: () => unknown): { value?: unknown; error?: string } {
  try {
    return { value: fn() };
  } catch (error) {
    return { error: (error as Error).constructor.name };
  }
}

const CORPUS = [
  '{"_id":"a","d":{"$$date":1700000000000}}',
  '{"$$date":5}',
  '{"_id":"a","$$date":5}',
  '{"_id":"b","x":{"$$date":5,"tz":"UTC"}}',
  '{"_id":"c","x":{"$$date":"2020-01-02T03:04:05Z"}}',
  '{"_id":"c","x":{"$$date":null}}',
  '{"_id":"c","x":{"$$date":0}}',
  '{"_id":"c","x":{"$$date":{"$$date":7}}}',
  '{"_id":"c","x":{"$$date":{"toString":1,"valueOf":2}}}',
  '{"_id":"c","x":{"$$date":[2020]}}',
  '{"_id":"d","__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}',
  '{"_id":"d","__proto__":{"$$date":9}}',
  '{"_id":"e","arr":[{"$$date":1},{"a":{"$$date":2}},[{"$$date":3}]]}',
  '{"_id":"f","\\u0024\\u0024date":4}',
  '{"_id":"g","k":"caf\\u00e9","emoji":"🐧","cjk":"企鹅","rtl":"مرحبا"}',
  '{"_id":"h","a":{"$$date":1},"a":2}',
  '[1,{"$$date":2}]',
  'null',
  '"text"',
  '12.5',
  '{"_id":1,',
  '{"_id":"i"} trailing',
  '',
];

describe('deserializeNedb', () => {
  it('equals model.deserialize on edge cases, prototypes included, and never touches Object.prototype', () => {
    for (const text of CORPUS) {
      const ours = outcome(() => deserializeNedb(text));
      const theirs = outcome(() => nedbModel.deserialize(text));
      expect(ours.error, text).toBe(theirs.error);
      expect(sameShape(ours.value, theirs.value), text).toBeUndefined();
    }
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps __proto__ as an own key with Object.prototype as the prototype', () => {
    const doc = deserializeNedb('{"_id":"d","__proto__":{"$$date":9},"n":{"__proto__":{"x":1}}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
    expect(Object.keys(doc)).toEqual(['_id', '__proto__', 'n']);
    expect(Object.getOwnPropertyDescriptor(doc, '__proto__')?.value).toEqual(new Date(9));
    expect(Object.getPrototypeOf(doc.n)).toBe(Object.prototype);
  });

  it('equals model.deserialize on 3000 random documents', () => {
    for (const text of randomLines(3000)) {
      const ours = outcome(() => deserializeNedb(text));
      const theirs = outcome(() => nedbModel.deserialize(text));
      expect(ours.error, text).toBe(theirs.error);
      expect(sameShape(ours.value, theirs.value), text).toBeUndefined();
    }
  });
});

/** Random JSON lines full of `$$date`, `__proto__`, dotted and `$` keys, odd ids. */
function randomLines(count: number): string[] {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const keys = ['_id', '_id', 'a', '$$date', '$$date', '__proto__', 'constructor', 'k.dot', '$bad', '$$deleted', 'émoji🐧', 'toString'];
  const leaves = [1, 0, 'x', '', true, false, null, 1.5, 1e21, 'k'];
  const value = (depth: number): unknown => {
    const r = random();
    if (depth > 3 || r < 0.35) return leaves[Math.floor(random() * leaves.length)];
    if (r < 0.5) return Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1));
    const parts = Array.from({ length: Math.floor(random() * 4) }, () => `${JSON.stringify(keys[Math.floor(random() * keys.length)])}:${JSON.stringify(value(depth + 1))}`);
    return JSON.parse(`{${parts.join(',')}}`);
  };
  return Array.from({ length: count }, (_, i) => {
    const doc = value(0);
    // Most lines look like documents, so the pass-1 fast path is exercised.
    if (i % 2 === 0 && typeof doc === 'object' && doc !== null && !Array.isArray(doc)) return JSON.stringify({ _id: `id${i % 50}`, ...doc });
    return JSON.stringify(doc);
  });
}

describe('classifyRecord', () => {
  it('pass 1 (plain parse) and pass 2 (full deserialize) agree on kind, key and invalid keys', () => {
    for (const text of randomLines(3000)) {
      const scan = classifyRecord(text, 'scan');
      const read = classifyRecord(text, 'read');
      expect(scan.kind, text).toBe(read.kind);
      if (scan.kind === 'document' && read.kind === 'document') {
        expect(scan.key, text).toBe(read.key);
        expect(scan.hasInvalidKey, text).toBe(findInvalidKey(read.doc) !== undefined);
        expect(Object.keys(scan.doc), text).toEqual(Object.keys(read.doc));
      }
      if (scan.kind === 'tombstone' && read.kind === 'tombstone') expect(scan.key, text).toBe(read.key);
    }
  });
});

describe('findInvalidKey', () => {
  it('flags exactly the documents model.serialize refuses', () => {
    const docs = [
      '{"_id":"a","ok":1}',
      '{"_id":"a","k.dot":1}',
      '{"_id":"a","nested":{"k.dot":1}}',
      '{"_id":"a","list":[{"$bad":1}]}',
      '{"_id":"a","$$deleted":true}',
      '{"_id":"a","x":{"$$deleted":false}}',
      '{"_id":"a","$$indexCreated":{"fieldName":"x"}}',
      '{"_id":"a","d":{"$$date":5}}',
      '{"_id":"a","__proto__":{"a.b":1}}',
      '{"_id":"a","émoji🐧":"企鹅"}',
      '{"_id":"a","d":{"$$date":1,"k.dot":2}}',
      '{"_id":"a","d":{"$$date":{"k.dot":2}}}',
      '{"_id":"a","p.q":{"$$date":1}}',
    ];
    for (const text of docs) {
      const doc = deserializeNedb(text);
      const refused = outcome(() => nedbModel.serialize(doc)).error !== undefined;
      expect(findInvalidKey(doc) !== undefined, text).toBe(refused);
    }
    expect(findInvalidKey(deserializeNedb('{"_id":"a","nested":{"k.dot":1}}'))?.path).toBe('nested.k.dot');
  });
});
