import { statOrThrow } from '../legacy/scan-collection';
import type { CollectionTarget } from '../mapping/resolve-targets';
import { buildLegacyIndex, type LegacyIndex, type WithoutTenant } from './legacy-index';

/** Files whose index is kept (the least recently built is dropped first). */
const MAX_FILES = 64;

type Entry = { bytes: number; mtimeMs: number; key: string; index: Promise<LegacyIndex> };
const entries = new Map<string, Entry>();

/**
 * The index of a legacy file, built once and kept while the file keeps its size and modification time
 * (one `stat` per call); a changed file (NeDB appends every write) is indexed again, once, however many
 * requests ask at the same time. A failed build is not kept.
 * @throws what `buildLegacyIndex` throws.
 */
export async function legacyIndexOf(file: string, target: CollectionTarget, withoutTenant: WithoutTenant): Promise<LegacyIndex> {
  const now = await statOrThrow(file);
  const key = JSON.stringify([target.category, target.tenantField, withoutTenant]);
  const known = entries.get(file);
  if (known && known.bytes === now.size && known.mtimeMs === now.mtimeMs && known.key === key) return known.index;
  const index = buildLegacyIndex(file, target, withoutTenant);
  const entry: Entry = { bytes: now.size, mtimeMs: now.mtimeMs, key, index };
  entries.delete(file);
  entries.set(file, entry);
  if (entries.size > MAX_FILES) entries.delete(entries.keys().next().value as string);
  index.catch(() => {
    if (entries.get(file) === entry) entries.delete(file);
  });
  const built = await index;
  // Changed between the stat and the build: remember it under the fingerprint it was built from.
  if (built.fingerprint.bytes !== now.size || built.fingerprint.mtimeMs !== now.mtimeMs) {
    if (entries.get(file) === entry) entries.set(file, { ...entry, bytes: built.fingerprint.bytes, mtimeMs: built.fingerprint.mtimeMs });
  }
  return built;
}

/** Forgets a file's index (its lines no longer say what the index says). */
export function forgetLegacyIndex(file: string): void {
  entries.delete(file);
}
