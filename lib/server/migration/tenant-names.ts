import { stat } from 'node:fs/promises';
import path from 'node:path';
import { readLiveDocuments } from '../legacy/read-live-documents';
import { scanCollection } from '../legacy/scan-collection';
import type { MappingConfig } from '../mapping/mapping-schema';

/** Names by file identity (path, size, mtime, fields): each collection job of a run asks, the file is read once. */
const cache = new Map<string, Promise<Map<string, string>>>();

async function readNames(file: string, keyField: string, nameField: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const scan = await scanCollection(file);
  for await (const { doc } of readLiveDocuments(file, scan)) {
    const key = doc[keyField];
    const name = doc[nameField];
    if ((typeof key === 'string' || typeof key === 'number') && typeof name === 'string' && name.trim()) names.set(String(key), name.trim());
  }
  return names;
}

/**
 * Tenant key → display name, read from the collection the mapping names in `tenantNames` (e.g. the
 * legacy organizations). Empty when the mapping names none or the collection is missing: tenants are
 * then named by their key.
 */
export async function readTenantNames(legacyDir: string, config: MappingConfig): Promise<Map<string, string>> {
  const source = config.tenantNames;
  if (!source) return new Map();
  const file = path.join(legacyDir, `${source.collection}.db`);
  try {
    const { size, mtimeMs } = await stat(file);
    const key = JSON.stringify([file, size, mtimeMs, source.keyField, source.nameField]);
    let names = cache.get(key);
    if (!names) {
      names = readNames(file, source.keyField, source.nameField);
      cache.set(key, names);
      names.catch(() => cache.delete(key));
    }
    return await names;
  } catch {
    return new Map(); // names are cosmetic: a missing or unreadable collection leaves keys as names
  }
}
