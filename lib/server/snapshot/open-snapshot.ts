import fs from 'node:fs/promises';
import { MANIFEST_FILE, readManifest, type SegmentEntry, type SnapshotManifest, type TableEntry } from './manifest';
import { checkHeader, HEADER_BYTES, segmentAad, SnapshotIntegrityError } from './sealed-file';
import { digestStream, openSegment, type SegmentLocation } from './segment-reader';
import type { SnapshotKey } from './snapshot-key';
import { snapshotDir, snapshotFile } from './snapshot-paths';

export type OpenedSnapshot = { id: string; dir: string; manifest: SnapshotManifest };

async function readHeader(file: string, name: string): Promise<{ header: Buffer; size: number }> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new SnapshotIntegrityError('truncated', `${name} is truncated: the file is missing.`);
    throw error;
  }
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(header, 0, HEADER_BYTES, 0);
    return { header: header.subarray(0, bytesRead), size: (await handle.stat()).size };
  } finally {
    await handle.close();
  }
}

/**
 * Opens a snapshot for reading and makes the checks that need no decryption of data: the manifest is
 * present, under the configured key, authentic and this snapshot's; every data file exists, carries the
 * same key's fingerprint and has exactly the size its segments say. Cheap (the manifest and file sizes).
 * @throws SnapshotIntegrityError `missing`, `truncated`, `modified` or `wrong_key`, saying which file.
 */
export async function openSnapshot(root: string, snapshotId: string, key: SnapshotKey, manifestBytes: number | null): Promise<OpenedSnapshot> {
  const dir = snapshotDir(root, snapshotId);
  try {
    await fs.access(dir);
  } catch {
    throw new SnapshotIntegrityError('missing', `Snapshot ${snapshotId} has no files in ${root}.`);
  }
  const manifest = await readManifest(snapshotFile(dir, MANIFEST_FILE), key, snapshotId, manifestBytes);
  for (const table of manifest.tables) {
    const name = `The data of ${table.name} in snapshot ${snapshotId}`;
    const { header, size } = await readHeader(snapshotFile(dir, table.file), name);
    checkHeader(header, 'data', key, name);
    if (size < table.bytes) throw new SnapshotIntegrityError('truncated', `${name} is truncated: ${size} bytes, the manifest says ${table.bytes}.`);
    if (size > table.bytes) throw new SnapshotIntegrityError('modified', `${name} was modified: ${size} bytes, the manifest says ${table.bytes}.`);
  }
  return { id: snapshotId, dir, manifest };
}

/** Where one segment of a table is, for reading. */
export function segmentLocation(opened: OpenedSnapshot, table: TableEntry, segment: SegmentEntry): SegmentLocation {
  return {
    file: snapshotFile(opened.dir, table.file), name: `The data of ${table.name}${segment.tenantId ? ` for tenant ${segment.tenantId}` : ''} in snapshot ${opened.id}`,
    offset: segment.offset, length: segment.length, aad: segmentAad(opened.id, table.name, segment.tenantId),
  };
}

/**
 * The full verification pass, before any data is touched: every selected segment is decrypted,
 * authenticated and decompressed, and its rows and checksum compared with the manifest.
 * @throws SnapshotIntegrityError `modified` (or `truncated`/`missing`) naming the first bad segment.
 */
export async function verifySegments(opened: OpenedSnapshot, key: SnapshotKey, include: (table: TableEntry, segment: SegmentEntry) => boolean = () => true, onSegment?: (rows: number) => void): Promise<number> {
  let verified = 0;
  for (const table of opened.manifest.tables) {
    for (const segment of table.segments) {
      if (!include(table, segment)) continue;
      const at = segmentLocation(opened, table, segment);
      const digest = await digestStream(await openSegment(key, at), at.name);
      if (digest.rows !== segment.rows || digest.checksum !== segment.checksum) {
        throw new SnapshotIntegrityError('modified', `${at.name} was modified: its content does not match the manifest's checksum.`);
      }
      verified += 1;
      onSegment?.(segment.rows);
    }
  }
  return verified;
}
