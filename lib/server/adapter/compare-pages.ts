import { compareCodePoints, type AdapterDocument } from './legacy-shape';
import type { DocumentPage } from './legacy-store';

/**
 * Pairs the documents of the same page read from two stores by `_id`. When a page is full, ids past the
 * shorter page's last id are left out: they are on that page only because an earlier id is missing from
 * the other store (already counted), not a difference of their own.
 */
export function comparePages(primary: DocumentPage, other: DocumentPage, limit: number): { legacyId: string; primary: AdapterDocument | null; other: AdapterDocument | null }[] {
  const byId = (page: DocumentPage) => new Map(page.items.map((d) => [String(d._id), d]));
  const a = byId(primary);
  const b = byId(other);
  const lastOf = (page: DocumentPage) => (page.items.length === limit ? String(page.items.at(-1)?._id) : null);
  const bounds = [lastOf(primary), lastOf(other)].filter((x): x is string => x !== null).sort(compareCodePoints);
  const bound = bounds[0] ?? null;
  const ids = [...new Set([...a.keys(), ...b.keys()])].filter((id) => bound === null || compareCodePoints(id, bound) <= 0).sort(compareCodePoints);
  return ids.map((id) => ({ legacyId: id, primary: a.get(id) ?? null, other: b.get(id) ?? null }));
}
