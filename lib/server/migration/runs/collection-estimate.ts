import fs from 'node:fs';
import { cachedAnalysis } from '../plan/plan-collection';
import type { CollectionTarget } from '../../mapping/resolve-targets';
import type { CollectionScan } from '../../legacy/types';

export type CollectionStart = { file: string; fingerprint: CollectionScan['fingerprint']; scan: CollectionScan | null; total: number; isEstimate: boolean };

/** Lines of a file, counted without parsing (an upper bound of its live documents). */
async function countLines(file: string): Promise<number> {
  let lines = 0;
  let last = 10;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
    last = chunk[chunk.length - 1] ?? last;
  }
  return last === 10 ? lines : lines + 1;
}

/**
 * What a run records for a collection when it starts, without reading documents: the file's
 * fingerprint, and the exact scan when the Plan already made one for this very file (cached), else a
 * line count as the provisional total. The collection's job scans it then, while other collections
 * load, and replaces the estimate by the exact count.
 */
export async function collectionStart(file: string, target: CollectionTarget, withoutTenant: 'quarantine' | { assignTo: string }): Promise<CollectionStart> {
  const { size, mtimeMs } = await fs.promises.stat(file);
  const cached = cachedAnalysis(file, size, mtimeMs, target, withoutTenant);
  if (cached) return { file, fingerprint: cached.scan.fingerprint, scan: cached.scan, total: cached.scan.stats.live, isEstimate: false };
  return { file, fingerprint: { bytes: size, mtimeMs }, scan: null, total: await countLines(file), isEstimate: true };
}
