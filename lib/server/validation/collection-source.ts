import type { Db } from '../db/pool';
import { scanCollection, statOrThrow } from '../legacy/scan-collection';
import type { CollectionScan } from '../legacy/types';
import { decodeStoredScan, type StoredScanStats } from '../migration/stored-scan';
import { AppError } from '../../shared/errors';
import type { SkipRule } from './line-selector';

/** How the legacy file compares with what the run read. */
export type FileChange = { bytesBefore: number; bytesNow: number; liveBefore: number; liveNow: number; linesBefore: number; linesNow: number };

/** What a validation reads for one collection: the file's scan, which documents to skip, and whether the file changed. */
export type CollectionSource = { scan: CollectionScan; skip: SkipRule; quarantined: number; changed: FileChange | null };

type Stored = { stats: StoredScanStats | null; finalLines: Buffer | null; fingerprint: CollectionScan['fingerprint'] };

/**
 * The legacy side of one collection of a run. While the file keeps the size and modification time the
 * run saw, the run's own pass-1 scan is reused (no second pass 1) and quarantined documents are skipped
 * by line; a changed file is scanned again, the change is measured, and quarantined documents are
 * skipped by id (lines may have moved).
 * @throws AppError `not_found` when the file is gone.
 */
export async function collectionSource(db: Db, runId: string, collection: string, file: string, stored: Stored): Promise<CollectionSource> {
  const { rows } = await db.query<{ line: number; legacy_id: string | null }>(
    `SELECT line, legacy_id FROM ferry.quarantine WHERE run_id = $1 AND collection = $2 ORDER BY line`, [runId, collection]);
  const now = await statOrThrow(file);
  const storedScan = decodeStoredScan(stored.stats, stored.finalLines, stored.fingerprint);
  const unchanged = now.size === stored.fingerprint.bytes && now.mtimeMs === stored.fingerprint.mtimeMs;
  if (storedScan && unchanged) {
    return { scan: storedScan, skip: { lines: Uint32Array.from(rows.map((r) => r.line)) }, quarantined: rows.length, changed: null };
  }
  const scan = await scanCollection(file);
  const skip: SkipRule = unchanged ? { lines: Uint32Array.from(rows.map((r) => r.line)) } : { ids: new Set(rows.flatMap((r) => (r.legacy_id === null ? [] : [r.legacy_id]))) };
  const changed = unchanged ? null : {
    bytesBefore: stored.fingerprint.bytes, bytesNow: scan.fingerprint.bytes,
    liveBefore: stored.stats?.live ?? 0, liveNow: scan.stats.live, linesBefore: stored.stats?.lines ?? 0, linesNow: scan.stats.lines,
  };
  return { scan, skip, quarantined: rows.length, changed };
}

export function isMissingFile(error: unknown): boolean {
  return error instanceof AppError && error.code === 'not_found';
}
