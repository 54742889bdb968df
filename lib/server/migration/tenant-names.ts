import path from 'node:path';
import { readLiveDocuments } from '../legacy/read-live-documents';
import { scanCollection } from '../legacy/scan-collection';
import type { MappingConfig } from '../mapping/mapping-schema';

/**
 * Tenant key → display name, read from the collection the mapping names in `tenantNames` (e.g. the
 * legacy organizations). Empty when the mapping names none or the collection is missing: tenants are
 * then named by their key.
 */
export async function readTenantNames(legacyDir: string, config: MappingConfig): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const source = config.tenantNames;
  if (!source) return names;
  const file = path.join(legacyDir, `${source.collection}.db`);
  try {
    const scan = await scanCollection(file);
    for await (const { doc } of readLiveDocuments(file, scan)) {
      const key = doc[source.keyField];
      const name = doc[source.nameField];
      if ((typeof key === 'string' || typeof key === 'number') && typeof name === 'string' && name.trim()) names.set(String(key), name.trim());
    }
  } catch {
    return names; // names are cosmetic: a missing or unreadable collection leaves keys as names
  }
  return names;
}
