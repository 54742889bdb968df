import { interpretLine, NEDB_EXTRA_BREAK } from '../legacy/interpret-line';
import { lineBatches } from '../legacy/line-batches';
import { scanCollection, statOrThrow } from '../legacy/scan-collection';
import { AppError } from '../../shared/errors';
import { tenantKeyOf } from '../migration/build-rows';
import type { CollectionTarget } from '../mapping/resolve-targets';
import { compareCodePoints } from './legacy-shape';

export type WithoutTenant = 'quarantine' | { assignTo: string };

/**
 * Where every live document of one legacy file is, without holding any document: NeDB's final line of
 * each `_id` (pass 1 of the legacy reader, so superseded versions and tombstones follow NeDB's rules),
 * the byte offset of that line, and for application collections the document's tenant key. Ids are
 * listed in code-point order per tenant, for keyset pages. About 40 bytes per document plus the id.
 */
export type LegacyIndex = {
  file: string;
  fingerprint: { bytes: number; mtimeMs: number };
  /** `String(_id)` → final line number. */
  lines: ReadonlyMap<string, number>;
  /** Final lines, ascending; `offsets[i]` is the byte offset of line `finalLines[i]`. */
  finalLines: Uint32Array;
  offsets: Float64Array;
  /** Tenant of the document at slot `i` (index into `tenantKeys`), -1 for none. */
  tenants: Int32Array;
  tenantKeys: string[];
  /** Ids in code-point order: per tenant key, and under `null` every id (admin collections). */
  sortedIds: ReadonlyMap<string | null, string[]>;
};

/** Index of `value` in an ascending array, or -1. */
export function slotOf(sorted: Uint32Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return sorted[low] === value ? low : -1;
}

function parsedDocument(text: string, mayHaveBreaks: boolean): Record<string, unknown> | null {
  const exact = !mayHaveBreaks || !NEDB_EXTRA_BREAK.test(text);
  // A final line pass 1 classified as a document: a plain parse gives its fields but for unrevived dates.
  if (exact && !text.includes('\\u')) return JSON.parse(text) as Record<string, unknown>;
  const result = interpretLine(text, 'read', mayHaveBreaks);
  return result.kind === 'document' ? result.doc : null;
}

/**
 * Builds the index of one collection file: pass 1 of the legacy reader (`scanCollection`, NeDB's rules),
 * then one pass over the final lines only to record their offsets (and tenants). Memory holds the index,
 * never the documents.
 * @throws AppError `conflict` when the file changes while it is read, `not_found` when it is gone.
 */
export async function buildLegacyIndex(file: string, target: CollectionTarget, withoutTenant: WithoutTenant): Promise<LegacyIndex> {
  const scan = await scanCollection(file, { keepIds: true, maxSamples: 0 });
  const lines = scan.ids as ReadonlyMap<string, number>;
  const { finalLines } = scan;
  const offsets = new Float64Array(finalLines.length);
  const tenants = new Int32Array(finalLines.length).fill(-1);
  const tenantKeys: string[] = [];
  const tenantSlots = new Map<string, number>();
  const needsTenant = target.category === 'application' && target.tenantField !== null;
  const fallbackKey = typeof withoutTenant === 'object' ? withoutTenant.assignTo : null;

  let next = 0;
  const select = (line: number): boolean => {
    if (finalLines[next] !== line) return false;
    next += 1;
    return true;
  };
  let slot = 0;
  for await (const batch of lineBatches(file, { endOffset: scan.fingerprint.bytes, select })) {
    for (const { offset, text, mayHaveBreaks } of batch) {
      offsets[slot] = offset;
      if (needsTenant) {
        const doc = parsedDocument(text, mayHaveBreaks);
        const key = doc ? (tenantKeyOf(doc, target.tenantField as string) ?? fallbackKey) : null;
        if (key !== null) {
          let known = tenantSlots.get(key);
          if (known === undefined) tenantSlots.set(key, (known = tenantKeys.push(key) - 1));
          tenants[slot] = known;
        }
      }
      slot += 1;
    }
  }
  const after = await statOrThrow(file);
  if (slot !== finalLines.length || after.size !== scan.fingerprint.bytes || after.mtimeMs !== scan.fingerprint.mtimeMs) {
    throw new AppError('conflict', `Legacy file ${file} changed while it was being indexed`);
  }

  const all = [...lines.keys()].sort(compareCodePoints);
  const sortedIds = new Map<string | null, string[]>([[null, all]]);
  if (needsTenant) {
    for (const id of all) {
      const tenant = tenants[slotOf(finalLines, lines.get(id) as number)] as number;
      if (tenant < 0) continue;
      const key = tenantKeys[tenant] as string;
      let list = sortedIds.get(key);
      if (!list) sortedIds.set(key, (list = []));
      list.push(id);
    }
  }
  return { file, fingerprint: scan.fingerprint, lines, finalLines, offsets, tenants, tenantKeys, sortedIds };
}
