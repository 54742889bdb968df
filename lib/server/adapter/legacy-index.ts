import { interpretLine } from '../legacy/interpret-line';
import { lineBatches } from '../legacy/line-batches';
import type { FileIdentity } from '../legacy/open-legacy-file';
import { scanCollection } from '../legacy/scan-collection';
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
  fingerprint: { bytes: number; mtimeMs: number; dev?: number; ino?: number };
  /** `String(_id)` → final line number. */
  lines: ReadonlyMap<string, number>;
  /**
   * Final records, ascending; record `finalLines[i]` spans bytes `offsets[i]` up to `ends[i]` (the next
   * record's first byte, or the end of the file), its terminating break included.
   */
  finalLines: Uint32Array;
  offsets: Float64Array;
  ends: Float64Array;
  /** Tenant of the document at slot `i` (index into `tenantKeys`), -1 for none. */
  tenants: Int32Array;
  tenantKeys: string[];
  /** Ids in code-point order: per tenant key, and under `null` every id (admin collections). */
  sortedIds: ReadonlyMap<string | null, string[]>;
};

function fingerprintIdentity(fingerprint: LegacyIndex['fingerprint']): FileIdentity | null {
  return typeof fingerprint.dev === 'number' && typeof fingerprint.ino === 'number' ? { dev: fingerprint.dev, ino: fingerprint.ino } : null;
}

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

function parsedDocument(text: string): Record<string, unknown> | null {
  // A final record pass 1 classified as a document: a plain parse gives its top-level fields (the
  // tenant key) but for unrevived dates; NeDB's own reading where that could differ or fails.
  if (!text.includes('\\u')) {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      // deep nesting and the like: NeDB's reading below says what it is
    }
  }
  const result = interpretLine(text, 'read', false);
  return result.kind === 'document' ? result.doc : null;
}

/**
 * Builds the index of one collection file: pass 1 of the legacy reader (`scanCollection`, NeDB's rules),
 * then one pass over the final records only to record where each starts and ends (and its tenant).
 * Both passes open the file as the reader does (no link, the listed inode). Memory holds the index,
 * never the documents.
 * @throws what the legacy reader throws: `conflict` when the file changes or was replaced, `not_found`.
 */
export async function buildLegacyIndex(file: string, identity: FileIdentity | null, target: CollectionTarget, withoutTenant: WithoutTenant): Promise<LegacyIndex> {
  const scan = await scanCollection(file, { keepIds: true, maxSamples: 0, identity });
  const lines = scan.ids as ReadonlyMap<string, number>;
  const { finalLines } = scan;
  const offsets = new Float64Array(finalLines.length);
  const ends = new Float64Array(finalLines.length).fill(scan.fingerprint.bytes);
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
  // Every record's start is the end of the one before it: that is where a final record ends.
  let ended = 0;
  const checkpoint = {
    every: 1,
    record: (line: number, offset: number) => {
      if (finalLines[ended] === line - 1) ends[ended++] = offset;
    },
  };
  let slot = 0;
  const batches = lineBatches(file, { endOffset: scan.fingerprint.bytes, select, checkpoint, identity: identity ?? fingerprintIdentity(scan.fingerprint) });
  for await (const batch of batches) {
    for (const { offset, text } of batch) {
      offsets[slot] = offset;
      if (needsTenant) {
        const doc = parsedDocument(text);
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
  if (slot !== finalLines.length) throw new AppError('conflict', `Legacy file ${file} changed while it was being indexed`);

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
  return { file, fingerprint: scan.fingerprint, lines, finalLines, offsets, ends, tenants, tenantKeys, sortedIds };
}
