import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveTarget } from '../mapping/resolve-targets';
import { DEFAULT_MAPPING } from '../mapping/mapping-schema';
import { readLegacyDocument, readLegacyPage } from './legacy-store';
import type { CollectionRef } from './resolve-collection';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-legacy-store-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const doc = (id: string, extra: Record<string, unknown> = {}) => JSON.stringify({ _id: id, tenantId: 't1', ...extra });

function collection(name: string, content: string): CollectionRef {
  const file = path.join(dir, `${name}.db`);
  fs.writeFileSync(file, content);
  return { collection: name, target: resolveTarget(name, DEFAULT_MAPPING), file, identity: null, withoutTenant: 'quarantine' };
}

describe('legacy reads through the offset index', () => {
  it('reads records cut as NeDB cuts them (\\n, \\r\\n, lone \\r, U+2028), final versions only, tombstones gone, a torn last record', async () => {
    const ref = collection('notes', [
      doc('a', { v: 1 }), '\n',
      doc('b'), '\r',
      doc('c', { at: { $$date: 5 } }), '\u2028',
      doc('a', { v: 2 }), '\r\n',
      '{"$$deleted":true,"_id":"b"}', '\n',
      doc('d', { tenantId: 't2' }), '\n',
      doc('e'),
    ].join(''));
    expect(await readLegacyDocument(ref, 'a', 't1')).toEqual({ _id: 'a', tenantId: 't1', v: 2 });
    expect(await readLegacyDocument(ref, 'b', 't1')).toBeNull();
    expect(await readLegacyDocument(ref, 'c', 't1')).toEqual({ _id: 'c', at: { $$date: 5 }, tenantId: 't1' });
    expect(await readLegacyDocument(ref, 'd', 't1')).toBeNull(); // another tenant's
    expect(await readLegacyDocument(ref, 'd', 't2')).toEqual({ _id: 'd', tenantId: 't2' });
    expect(await readLegacyDocument(ref, 'e', 't1')).toEqual({ _id: 'e', tenantId: 't1' });
    const first = await readLegacyPage(ref, 't1', null, 2);
    expect(first).toEqual({ items: [expect.objectContaining({ _id: 'a' }), expect.objectContaining({ _id: 'c' })], next: 'c' });
    expect(await readLegacyPage(ref, 't1', 'c', 2)).toEqual({ items: [expect.objectContaining({ _id: 'e' })], next: null });
  });

  it('follows the file as NeDB appends to it (the index is rebuilt for the new version)', async () => {
    const ref = collection('growing', `${doc('x', { v: 1 })}\n`);
    expect(await readLegacyDocument(ref, 'x', 't1')).toEqual({ _id: 'x', tenantId: 't1', v: 1 });
    fs.appendFileSync(ref.file as string, `${doc('x', { v: 2 })}\n${doc('y')}\n`);
    expect(await readLegacyDocument(ref, 'x', 't1')).toEqual({ _id: 'x', tenantId: 't1', v: 2 });
    expect(await readLegacyDocument(ref, 'y', 't1')).toEqual({ _id: 'y', tenantId: 't1' });
  });

  it('refuses to read a collection file that is a symbolic link', async () => {
    const outside = path.join(os.tmpdir(), `ferry-outside-${process.pid}.db`);
    fs.writeFileSync(outside, `${doc('secret')}\n`);
    const link = path.join(dir, 'linked.db');
    fs.symlinkSync(outside, link);
    try {
      const ref: CollectionRef = { collection: 'linked', target: resolveTarget('linked', DEFAULT_MAPPING), file: link, identity: null, withoutTenant: 'quarantine' };
      await expect(readLegacyDocument(ref, 'secret', 't1')).rejects.toMatchObject({ code: 'bad_request' });
    } finally {
      fs.rmSync(outside, { force: true });
    }
  });
});
