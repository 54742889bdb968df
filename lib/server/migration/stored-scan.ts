import type { Db } from '../db/pool';
import type { CollectionScan, CollectionStats } from '../legacy/types';

/** A scan's index of final lines as bytes (4 per live document, little-endian) for the run's record. */
export function encodeFinalLines(finalLines: Uint32Array): Buffer {
  const bytes = Buffer.alloc(finalLines.length * 4);
  for (let i = 0; i < finalLines.length; i += 1) bytes.writeUInt32LE(finalLines[i] as number, i * 4);
  return bytes;
}

export type StoredScanStats = CollectionStats & { resumePoints: CollectionScan['resumePoints'] };

/**
 * The scan a run recorded (at start, from a cached plan, or by the collection's first job), rebuilt for
 * the loader so pass 1 is not repeated. The reader still checks the file's size and modification time.
 */
export function decodeStoredScan(stats: StoredScanStats | null, finalLines: Buffer | null, fingerprint: CollectionScan['fingerprint']): CollectionScan | null {
  if (!stats || !finalLines || !stats.resumePoints) return null;
  const lines = new Uint32Array(finalLines.length / 4);
  for (let i = 0; i < lines.length; i += 1) lines[i] = finalLines.readUInt32LE(i * 4);
  const { resumePoints, ...rest } = stats;
  return { stats: rest as CollectionStats, finalLines: lines, resumePoints, fingerprint };
}

/** Records a collection's scan with the run: its accounting, its index, and the exact total. */
export async function storeScan(db: Db, runId: string, collection: string, scan: CollectionScan): Promise<void> {
  await db.query(
    `UPDATE ferry.run_collections SET stats = $3, final_lines = $4, total = $5, is_estimate = false WHERE run_id = $1 AND collection = $2`,
    [runId, collection, JSON.stringify({ ...scan.stats, resumePoints: scan.resumePoints }), encodeFinalLines(scan.finalLines), scan.stats.live],
  );
}
