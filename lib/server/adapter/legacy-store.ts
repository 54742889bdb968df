import type { FileHandle } from 'node:fs/promises';
import { interpretLine } from '../legacy/interpret-line';
import { openLegacyFile } from '../legacy/open-legacy-file';
import { AppError } from '../../shared/errors';
import { forgetLegacyIndex, legacyIndexOf } from './cached-legacy-index';
import { slotOf, type LegacyIndex } from './legacy-index';
import { compareCodePoints, legacyShape, type AdapterDocument } from './legacy-shape';
import { readLegacyRecord } from './read-legacy-record';
import type { CollectionRef } from './resolve-collection';

export type DocumentPage = { items: AdapterDocument[]; next: string | null };

/** The first index of `ids` whose id sorts after `after` (code-point order). */
function upperBound(ids: string[], after: string): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareCodePoints(ids[middle] as string, after) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The tenant list of ids a caller may see: every id of an admin collection, else the tenant's. */
function idsFor(index: LegacyIndex, ref: CollectionRef, tenantKey: string | null): string[] {
  if (ref.target.category === 'admin') return index.sortedIds.get(null) ?? [];
  return tenantKey === null ? [] : (index.sortedIds.get(tenantKey) ?? []);
}

function tenantMatches(index: LegacyIndex, slot: number, ref: CollectionRef, tenantKey: string | null): boolean {
  if (ref.target.category === 'admin') return true;
  const tenant = index.tenants[slot] as number;
  return tenant >= 0 && index.tenantKeys[tenant] === tenantKey;
}

/** Reads the document at one slot; a record that no longer is that document means the file changed. */
async function readSlot(handle: FileHandle, index: LegacyIndex, slot: number, id: string, ref: CollectionRef): Promise<AdapterDocument> {
  const text = await readLegacyRecord(handle, index.offsets[slot] as number, index.ends[slot] as number);
  const result = interpretLine(text, 'read', false);
  if (result.kind !== 'document' || result.key !== id) {
    forgetLegacyIndex(index.file);
    throw new AppError('conflict', `Legacy file of ${ref.collection} changed while it was read; try again.`);
  }
  return legacyShape(result.doc, ref.target);
}

/**
 * Opens the collection's file as the legacy reader does (no symbolic link, a regular file, the inode the
 * listing saw), takes the index of exactly that version of the file, and reads records through the one
 * descriptor. An index built from another version (the file changed meanwhile) is a `conflict`.
 */
async function withReader<T>(ref: CollectionRef, fn: (index: LegacyIndex, handle: FileHandle) => Promise<T>): Promise<T> {
  if (!ref.file) throw new AppError('not_found', `The legacy store has no file for ${ref.collection} any more.`);
  const opened = await openLegacyFile(ref.file, ref.identity);
  try {
    const version = { bytes: opened.size, mtimeMs: opened.mtimeMs, dev: opened.dev, ino: opened.ino };
    const index = await legacyIndexOf(ref.file, ref.identity, version, ref.target, ref.withoutTenant);
    if (index.fingerprint.bytes !== opened.size || index.fingerprint.mtimeMs !== opened.mtimeMs) {
      forgetLegacyIndex(ref.file);
      throw new AppError('conflict', `Legacy file of ${ref.collection} changed while it was indexed; try again.`);
    }
    return await fn(index, opened.handle);
  } finally {
    await opened.handle.close();
  }
}

/**
 * One document from the legacy NeDB file, as NeDB would load it (its final version; deleted ones are
 * not found), or null — also when it belongs to another tenant. Reads one record through the file's
 * index (built once per file version), never the whole file.
 * @throws AppError `not_found` when the collection has no file, `conflict` when the file changes mid-read.
 */
export async function readLegacyDocument(ref: CollectionRef, id: string, tenantKey: string | null): Promise<AdapterDocument | null> {
  return withReader(ref, async (index, handle) => {
    const line = index.lines.get(id);
    if (line === undefined) return null;
    const slot = slotOf(index.finalLines, line);
    if (slot < 0 || !tenantMatches(index, slot, ref, tenantKey)) return null;
    return readSlot(handle, index, slot, id, ref);
  });
}

/**
 * A page of a collection's documents from the legacy file, in `_id` code-point order after `after`
 * (the previous page's `next`): for an application collection, only the tenant's documents.
 */
export async function readLegacyPage(ref: CollectionRef, tenantKey: string | null, after: string | null, limit: number): Promise<DocumentPage> {
  return withReader(ref, async (index, handle) => {
    const ids = idsFor(index, ref, tenantKey);
    const start = after === null ? 0 : upperBound(ids, after);
    const page = ids.slice(start, start + limit);
    const items: AdapterDocument[] = [];
    for (const id of page) items.push(await readSlot(handle, index, slotOf(index.finalLines, index.lines.get(id) as number), id, ref));
    return { items, next: start + limit < ids.length ? (page.at(-1) ?? null) : null };
  });
}

/** The index of a collection's legacy file as it is now (for the noise baseline and tests). */
export function currentLegacyIndex(ref: CollectionRef): Promise<LegacyIndex> {
  return withReader(ref, async (index) => index);
}
