import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConversionError, convertValue } from './convert-value';
import { loadMappingFile } from './load-mapping';
import { DEFAULT_MAPPING, MappingFileSchema } from './mapping-schema';
import { resolveTarget, resolveTargets } from './resolve-targets';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-mapping-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

describe('mapping files', () => {
  it('loads the demo TypeScript mapping (type imports erased) and a JSON one', () => {
    const demo = loadMappingFile(path.resolve('lib/server/demo/penguinmails-mapping.ts'));
    expect(demo.config.collections.leads?.table).toBe('leads');
    const json = loadMappingFile(write('m.json', JSON.stringify({ tenantField: 'orgId', withoutTenant: { assignTo: 'org_default' } })));
    expect(json.config).toMatchObject({ tenantField: 'orgId', withoutTenant: { assignTo: 'org_default' }, adminCollections: { prefixes: ['admin-', 'permission-'] } });
  });

  it('reports every mistake with its path', () => {
    const file = write('bad.json', JSON.stringify({ tenantFeld: 'x', collections: { leads: { table: 'Leads!', columns: { email: { from: 'email', type: 'varchar' }, company_id: { from: 'c', type: 'ref' } } } } }));
    let message = '';
    try {
      loadMappingFile(file);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/has 4 mistake\(s\)/);
    for (const part of ['tenantFeld', 'collections.leads.table', 'collections.leads.columns.email.type', 'collections.leads.columns.company_id']) expect(message).toContain(part);
  });

  it('refuses runtime code in a TypeScript mapping and unreadable JSON', () => {
    expect(() => loadMappingFile(write('evil.ts', `import fs from 'node:fs';\nexport default { tenantField: fs.readFileSync('/etc/hostname', 'utf8') };`))).toThrow(/may only import types/);
    expect(() => loadMappingFile(write('broken.json', '{ "tenantField": '))).toThrow(/cannot be read/);
  });
});

describe('targets', () => {
  it('sends admin collections to admin_documents and others to app_documents by default', () => {
    expect(resolveTarget('admin-users', DEFAULT_MAPPING)).toMatchObject({ kind: 'admin_documents', tenantField: null });
    expect(resolveTarget('permission-atoms', DEFAULT_MAPPING)).toMatchObject({ category: 'admin' });
    expect(resolveTarget('leads', DEFAULT_MAPPING)).toMatchObject({ kind: 'app_documents', tenantField: 'tenantId' });
  });

  it('orders typed collections after the ones they reference, and refuses cycles', () => {
    const config = MappingFileSchema.parse({
      collections: {
        leads: { table: 'leads', columns: { company_id: { from: 'companyId', type: 'ref', collection: 'companies' } } },
        companies: { table: 'companies', columns: { name: { from: 'name', type: 'text' } } },
      },
    });
    expect(resolveTargets(['leads', 'companies', 'notes'], config).map((t) => t.collection)).toEqual(['companies', 'leads', 'notes']);
    const cyclic = MappingFileSchema.parse({
      collections: {
        a: { table: 'a', columns: { b: { from: 'b', type: 'ref', collection: 'b' } } },
        b: { table: 'b', columns: { a: { from: 'a', type: 'ref', collection: 'a' } } },
      },
    });
    expect(() => resolveTargets(['a', 'b'], cyclic)).toThrow(/cycle/);
  });
});

describe('value conversion', () => {
  const col = (type: string, extra: object = {}) => ({ from: 'f', type, ...extra }) as Parameters<typeof convertValue>[0];
  it('converts without losing information', () => {
    expect(convertValue(col('integer'), '42')).toBe('42');
    expect(convertValue(col('numeric'), 12.5)).toBe('12.5');
    expect(convertValue(col('boolean'), false)).toBe('f');
    expect(convertValue(col('timestamptz'), new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(convertValue(col('text[]'), ['a', 'b"c'])).toBe('{"a","b\\"c"}');
    expect(convertValue(col('text', { transform: 'lowercase' }), ' A@B.C ')).toBe('a@b.c');
    expect(convertValue(col('ref', { collection: 'companies' }), 'abc')).toMatch(/^[0-9a-f-]{36}$/);
    expect(convertValue(col('text'), null)).toBeNull();
  });
  it('names the field and the value when it cannot', () => {
    expect(() => convertValue(col('integer'), 1.5)).toThrow(ConversionError);
    expect(() => convertValue(col('integer'), 1.5)).toThrow(/field "f" = 1.5 is not an integer/);
    expect(() => convertValue(col('text', { required: true }), undefined)).toThrow(/required field "f" is missing/);
    expect(() => convertValue(col('timestamptz'), 'not a date')).toThrow(/not a date/);
  });
});
