import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, writeWithNedb } from './nedb-test-kit';
import { createFieldProfiler, profileCollection, profileDocuments } from './profile-documents';
import { scanCollection } from './scan-collection';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('profile');
});
afterAll(async () => {
  await removeDir(dir);
});

describe('field profile', () => {
  it('reports types seen, presence and null ratio per top-level field', async () => {
    const profile = await profileDocuments([
      { _id: 'a', name: 'Ana', amount: 10, at: new Date(0), tags: [], meta: {}, ok: true },
      { _id: 'b', name: null, amount: '10.5', at: new Date(1) },
      { _id: 'c', amount: null, ['__proto__']: 1 },
      { _id: 'd', amount: 3 },
    ]);
    const byField = Object.fromEntries(profile.fields.map((f) => [f.field, f]));
    expect(profile.documents).toBe(4);
    expect(profile.fields[0]).toMatchObject({ field: '_id', present: 4 });
    expect(byField.amount).toEqual({ field: 'amount', present: 4, nulls: 1, nullRatio: 0.25, types: { number: 2, string: 1, null: 1 } });
    expect(byField.name).toMatchObject({ present: 2, nulls: 1, nullRatio: 0.75, types: { string: 1, null: 1 } });
    expect(byField.at?.types).toEqual({ date: 2 });
    expect(byField.tags?.types).toEqual({ array: 1 });
    expect(byField.meta?.types).toEqual({ object: 1 });
    expect(byField.ok?.types).toEqual({ boolean: 1 });
    expect(profile.truncated).toBe(false);
  });

  it('keeps memory bounded: caps distinct fields and reports truncation', () => {
    const profiler = createFieldProfiler({ maxFields: 5 });
    for (let i = 0; i < 100; i++) profiler.add({ [`field${i}`]: i, common: 1 });
    const result = profiler.result();
    expect(result.fields.length).toBe(5);
    expect(result.truncated).toBe(true);
    expect(result.untrackedOccurrences).toBe(100 - 4);
  });

  it('profiles an evenly spread sample of a scanned collection', async () => {
    const file = path.join(dir, 'leads.db');
    await writeWithNedb(file, async (db) => {
      await db.insertAsync(Array.from({ length: 1000 }, (_, i) => ({ _id: `l${i}`, email: `l${i}@acme.test`, ...(i >= 500 ? { score: i } : {}) })));
      await db.removeAsync({ _id: 'l0' }, {});
    });
    const scan = await scanCollection(file);
    const sample = await profileCollection(file, scan, { maxDocuments: 100 });
    expect(sample.documents).toBe(100);
    const score = sample.fields.find((f) => f.field === 'score');
    expect(score?.present).toBeGreaterThan(40);
    expect(score?.present).toBeLessThan(60);
    expect((await profileCollection(file, scan)).documents).toBe(999);
  });
});
