import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { deserializeNedb } from '../legacy/nedb-deserialize';
import { DEFAULT_MAPPING } from '../mapping/mapping-schema';
import { resolveTarget } from '../mapping/resolve-targets';
import { buildRow, describeMissingTenant, tenantKeyOf } from './build-rows';

const model = createRequire(import.meta.url)('@seald-io/nedb/lib/model.js') as { serialize(doc: unknown): string };
const target = resolveTarget('leads', DEFAULT_MAPPING);

/** Documents as NeDB itself serializes them, including dates at several depths and odd keys. */
const documents = [
  { _id: 'a', tenantId: 'org_1', createdAt: new Date(1_700_000_000_000), updatedAt: new Date(1_700_000_100_000), nested: { at: new Date(5), list: [new Date(6)] } },
  { _id: 'b', tenantId: 'org_1', createdAt: new Date(0), name: 'tab\there, newline\nthere, backslash \\', ['__proto__']: { polluted: true } },
  { _id: 3, tenantId: 42, unicode: '日本語 🚀 שלום', 'key with spaces': 1 },
  { _id: 'd', tenantId: 'org_2' },
];

describe('rows built from a plain parse equal rows built from the revived document', () => {
  for (const original of documents) {
    it(`document ${String(original._id)}`, () => {
      const text = model.serialize(original);
      const revived = { line: 1, id: String(original._id), doc: deserializeNedb(text) as Record<string, unknown>, text };
      const plain = { line: 1, id: String(original._id), doc: JSON.parse(text) as Record<string, unknown>, text, plain: true as const };
      const key = tenantKeyOf(revived.doc, 'tenantId');
      expect(tenantKeyOf(plain.doc, 'tenantId')).toBe(key);
      expect(buildRow(target, plain, key, 'run', '2020-01-01T00:00:00.000Z')).toEqual(buildRow(target, revived, key, 'run', '2020-01-01T00:00:00.000Z'));
    });
  }
});

describe('what cannot become a row, and why', () => {
  const live = (text: string) => ({ line: 1, id: String((JSON.parse(text) as { _id: unknown })._id), doc: deserializeNedb(text) as Record<string, unknown>, text });
  const build = (text: string, checkNumbers = false) => buildRow(target, live(text), 'tenant', 'run', '2020-01-01T00:00:00.000Z', { checkNumbers });

  it('says what a tenant field holds when it is no tenant key', () => {
    const cases: [unknown, RegExp][] = [[undefined, /^missing$/], [{ id: 'org_1' }, /^an object \(\{"id":"org_1"\}\)/], [['org_1'], /^an array \(\["org_1"\]\)/],
      ['', /^an empty string$/], ['  ', /^blank/], [null, /^null$/], [true, /^a boolean/], [Number.NaN, /not finite/]];
    for (const [value, reason] of cases) {
      const doc: Record<string, unknown> = value === undefined ? {} : { tenantId: value };
      expect(tenantKeyOf(doc, 'tenantId')).toBeNull();
      expect(describeMissingTenant(doc, 'tenantId')).toMatch(reason);
    }
  });

  it('refuses NUL characters and lone surrogates anywhere, numbers beyond numeric when asked, and nothing else', () => {
    expect(build('{"_id":"a","t":"\\u0000"}')).toMatchObject({ ok: false, kind: 'unstorable', reason: expect.stringContaining('NUL') });
    expect(build('{"_id":"a","\\u0000key":1}')).toMatchObject({ ok: false, kind: 'unstorable' });
    expect(build('{"_id":"a\\u0000b"}')).toMatchObject({ ok: false, kind: 'unstorable', reason: expect.stringContaining('_id holds') });
    expect(build('{"_id":"a","t":"\\ud800x"}')).toMatchObject({ ok: false, kind: 'unstorable', reason: expect.stringContaining('lone surrogate') });
    expect(build('{"_id":"a","t":"\\udc00"}')).toMatchObject({ ok: false, kind: 'unstorable' });
    expect(build('{"_id":"a","t":"\\ud83d\\ude00 \\\\u0000 \\u0001"}')).toMatchObject({ ok: true }); // a pair, an escaped backslash, \u0001
    expect(build('{"_id":"a","n":1e400}', true)).toMatchObject({ ok: true });
    expect(build('{"_id":"a","n":1e131072}', true)).toMatchObject({ ok: false, kind: 'unstorable', reason: expect.stringContaining('numeric') });
    expect(build('{"_id":"a","n":1.5e-16383}', true)).toMatchObject({ ok: false, kind: 'unstorable' });
    expect(build('{"_id":"a","n":1e-16383,"s":"1e999999"}', true)).toMatchObject({ ok: true });
    expect(build('{"_id":"a","n":1e131072}')).toMatchObject({ ok: true }); // the loader leaves numbers to the database
  });
});
