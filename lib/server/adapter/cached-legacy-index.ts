import type { FileIdentity } from '../legacy/open-legacy-file';
import type { CollectionTarget } from '../mapping/resolve-targets';
import { buildLegacyIndex, type LegacyIndex, type WithoutTenant } from './legacy-index';
import { processState } from './process-state';

/** Files whose index is kept (the least recently built is dropped first). */
const MAX_FILES = 64;

/** What a file was when it was opened for a read: its index must have been built from exactly this. */
export type FileVersion = { bytes: number; mtimeMs: number; dev: number; ino: number };

type Entry = { version: string; index: Promise<LegacyIndex> };
/** One cache per process, whichever route bundle reads (process-state.ts). */
const entries = processState('legacy-indexes', () => new Map<string, Entry>());

const versionKey = (v: FileVersion, target: CollectionTarget, withoutTenant: WithoutTenant) =>
  JSON.stringify([v.bytes, v.mtimeMs, v.dev, v.ino, target.category, target.tenantField, withoutTenant]);

/**
 * The index of a legacy file as it is now (`version`, from the descriptor the read opened), built once
 * per version of the file however many requests ask at the same time; a changed file (NeDB appends
 * every write) is indexed again. A failed build is not kept. The caller checks that the index it got
 * was built from the version it opened (a file changing during the build is refused, then re-read).
 * @throws what `buildLegacyIndex` throws.
 */
export function legacyIndexOf(file: string, identity: FileIdentity | null, version: FileVersion, target: CollectionTarget, withoutTenant: WithoutTenant): Promise<LegacyIndex> {
  const key = versionKey(version, target, withoutTenant);
  const known = entries.get(file);
  if (known && known.version === key) return known.index;
  const index = buildLegacyIndex(file, identity, target, withoutTenant);
  const entry: Entry = { version: key, index };
  entries.delete(file);
  entries.set(file, entry);
  if (entries.size > MAX_FILES) entries.delete(entries.keys().next().value as string);
  index.catch(() => {
    if (entries.get(file) === entry) entries.delete(file);
  });
  return index;
}

/** Forgets a file's index (its records no longer say what the index says). */
export function forgetLegacyIndex(file: string): void {
  entries.delete(file);
}
