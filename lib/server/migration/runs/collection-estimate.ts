import { cachedAnalysis } from '../plan/plan-collection';
import type { CollectionTarget } from '../../mapping/resolve-targets';
import { openLegacyFile } from '../../legacy/open-legacy-file';
import type { CollectionScan, FileIdentity } from '../../legacy/types';

export type CollectionStart = { file: string; fingerprint: CollectionScan['fingerprint']; scan: CollectionScan | null; total: number; isEstimate: boolean };

/** `\n` lines of an open file, counted without parsing (an estimate of its live documents). */
async function countLines(handle: Awaited<ReturnType<typeof openLegacyFile>>['handle'], size: number): Promise<number> {
  let lines = 0;
  let last = 10;
  for await (const chunk of handle.createReadStream({ start: 0, end: Math.max(0, size - 1), highWaterMark: 1 << 20, autoClose: false }) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
    last = chunk[chunk.length - 1] ?? last;
  }
  return size === 0 || last === 10 ? lines : lines + 1;
}

/**
 * What a run records for a collection when it starts, without reading documents: the file's
 * fingerprint (size, mtime and the inode its jobs must find), and the exact scan when the Plan already
 * made one for this very file (cached), else a line count as the provisional total. The collection's
 * job scans it then, while other collections load, and replaces the estimate by the exact count.
 * The file is opened like every legacy read (openLegacyFile): never through a link, only the listed inode.
 */
export async function collectionStart(file: string, target: CollectionTarget, withoutTenant: 'quarantine' | { assignTo: string }, identity?: FileIdentity | null): Promise<CollectionStart> {
  const opened = await openLegacyFile(file, identity);
  try {
    const { size, mtimeMs, dev, ino } = opened;
    const cached = cachedAnalysis(file, size, mtimeMs, target, withoutTenant);
    if (cached && cached.scan.fingerprint.ino === ino && cached.scan.fingerprint.dev === dev) {
      return { file, fingerprint: cached.scan.fingerprint, scan: cached.scan, total: cached.scan.stats.live, isEstimate: false };
    }
    return { file, fingerprint: { bytes: size, mtimeMs, dev, ino }, scan: null, total: size === 0 ? 0 : await countLines(opened.handle, size), isEstimate: true };
  } finally {
    await opened.handle.close();
  }
}
