import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { deserializeNedb } from '../legacy/nedb-deserialize';
import { DEFAULT_MAPPING } from '../mapping/mapping-schema';
import { resolveTarget } from '../mapping/resolve-targets';
import { buildRow, tenantKeyOf } from './build-rows';

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
