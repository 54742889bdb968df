import { listCollections } from '../legacy/list-collections';
import type { FileIdentity } from '../legacy/open-legacy-file';
import { readLiveDocuments } from '../legacy/read-live-documents';
import { storableText } from '../legacy/safe-text';
import { scanCollection } from '../legacy/scan-collection';
import type { MappingConfig } from '../mapping/mapping-schema';

/** Names by file identity (path, size, mtime, fields): each collection job of a run asks, the file is read once. */
const cache = new Map<string, Promise<Map<string, string>>>();

async function readNames(file: string, identity: FileIdentity, keyField: string, nameField: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const scan = await scanCollection(file, { identity });
  for await (const { doc } of readLiveDocuments(file, scan)) {
    const key = doc[keyField];
    const name = doc[nameField];
    // A name becomes `tenants.name` (text): a NUL or a lone surrogate in it is replaced, never refused.
    if ((typeof key === 'string' || typeof key === 'number') && typeof name === 'string' && name.trim()) names.set(String(key), storableText(name.trim()));
  }
  return names;
}

/**
 * Tenant key → display name, read from the collection the mapping names in `tenantNames` (e.g. the
 * legacy organizations). Empty when the mapping names none or the collection is missing: tenants are
 * then named by their key. The collection is found through listCollections, so the same rules hold as
 * for every legacy read (never through a link leading outside the directory).
 */
export async function readTenantNames(legacyDir: string, config: MappingConfig): Promise<Map<string, string>> {
  const source = config.tenantNames;
  if (!source) return new Map();
  try {
    const entry = (await listCollections(legacyDir)).collections.find((c) => c.name === source.collection);
    if (!entry) return new Map();
    const { file, bytes, mtimeMs, identity } = entry;
    const key = JSON.stringify([file, bytes, mtimeMs, identity, source.keyField, source.nameField]);
    let names = cache.get(key);
    if (!names) {
      names = readNames(file, identity, source.keyField, source.nameField);
      cache.set(key, names);
      names.catch(() => cache.delete(key));
    }
    return await names;
  } catch {
    return new Map(); // names are cosmetic: a missing or unreadable collection leaves keys as names
  }
}
