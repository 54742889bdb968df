import type { CollectionScan, CollectionStats } from '../legacy/types';

/** A scan's index of final lines as bytes (4 per live document, little-endian) for the run's record. */
export function encodeFinalLines(finalLines: Uint32Array): Buffer {
  const bytes = Buffer.alloc(finalLines.length * 4);
  for (let i = 0; i < finalLines.length; i += 1) bytes.writeUInt32LE(finalLines[i] as number, i * 4);
  return bytes;
}

export type StoredScanStats = CollectionStats & { fingerprint: CollectionScan['fingerprint']; resumePoints: CollectionScan['resumePoints'] };

/**
 * The scan a run recorded at start, rebuilt for the loader (no second pass 1). The reader still checks
 * the file's size and modification time against the fingerprint before trusting it.
 */
export function decodeStoredScan(stats: StoredScanStats, finalLines: Buffer | null): CollectionScan | null {
  if (!finalLines || !stats.resumePoints) return null;
  const lines = new Uint32Array(finalLines.length / 4);
  for (let i = 0; i < lines.length; i += 1) lines[i] = finalLines.readUInt32LE(i * 4);
  const { fingerprint, resumePoints, ...rest } = stats;
  return { stats: rest as CollectionStats, finalLines: lines, resumePoints, fingerprint };
}
