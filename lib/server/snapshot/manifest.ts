import fs from 'node:fs/promises';
import { checkHeader, fileHeader, HEADER_BYTES, openBuffer, sealBuffer, SnapshotIntegrityError, type FileKind } from './sealed-file';
import type { SnapshotKey } from './snapshot-key';

/** One (table, tenant) slice of a table's data file: where it is and what it holds. Shared tables have one, tenant `null`. */
export type SegmentEntry = { tenantId: string | null; offset: number; length: number; rows: number; checksum: string };

/**
 * One snapshotted table. `columns` are in COPY order (tenant_id first for tenant tables), `order` the
 * ORDER BY columns (the primary key, tenant_id first), `checksum` the sha256 of the whole table's COPY
 * text in that order; each segment's checksum is the sha256 of its own part of that text.
 */
export type TableEntry = {
  name: string;
  kind: 'tenant' | 'shared';
  columns: string[];
  order: string[];
  file: string;
  rows: number;
  bytes: number;
  checksum: string;
  segments: SegmentEntry[];
};

export type LegacyFileEntry = { name: string; bytes: number; sha256: string };

/** What a snapshot holds, encrypted and authenticated in `manifest.bin`. A restore trusts only this. */
export type SnapshotManifest = {
  format: 1;
  snapshotId: string;
  takenAt: string;
  keyId: string;
  /** The target generation the data was read at (see target-generation.ts). */
  generation: number;
  schemaFingerprint: string;
  adapterMode: string;
  tables: TableEntry[];
  legacy: { dir: string; files: LegacyFileEntry[]; error: string | null };
};

export const MANIFEST_FILE = 'manifest.bin';

function manifestAad(snapshotId: string): string {
  return `ferry-snapshot/${snapshotId}/manifest`;
}

/** Writes a manifest-like JSON document sealed under `key` (exclusive create); returns its size in bytes. */
export async function writeSealedJson(file: string, kind: FileKind, key: SnapshotKey, aad: string, value: unknown): Promise<number> {
  const header = fileHeader(kind, key);
  const body = sealBuffer(key, Buffer.from(JSON.stringify(value), 'utf8'), aad);
  const handle = await fs.open(file, 'wx', 0o600);
  try {
    await handle.write(Buffer.concat([header, body]));
    await handle.sync();
  } finally {
    await handle.close();
  }
  return header.length + body.length;
}

/**
 * Reads a sealed JSON document: header (kind, version, key), then authentication of the whole body.
 * `expectedBytes` (recorded when it was written) tells a truncated file from a modified one.
 * @throws SnapshotIntegrityError (`missing`, `truncated`, `modified`, `wrong_key`).
 */
export async function readSealedJson<T>(file: string, kind: FileKind, key: SnapshotKey, aad: string, name: string, expectedBytes: number | null = null): Promise<T> {
  let content: Buffer;
  try {
    content = await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new SnapshotIntegrityError('missing', `${name} is missing.`);
    throw error;
  }
  checkHeader(content.subarray(0, HEADER_BYTES), kind, key, name);
  if (expectedBytes !== null && content.length < expectedBytes) {
    throw new SnapshotIntegrityError('truncated', `${name} is truncated: ${content.length} bytes, ${expectedBytes} were written.`);
  }
  const plain = openBuffer(key, content.subarray(HEADER_BYTES), aad, name);
  try {
    return JSON.parse(plain.toString('utf8')) as T;
  } catch {
    throw new SnapshotIntegrityError('modified', `${name} was modified: its content is not a manifest.`);
  }
}

export function writeManifest(file: string, key: SnapshotKey, manifest: SnapshotManifest): Promise<number> {
  return writeSealedJson(file, 'manifest', key, manifestAad(manifest.snapshotId), manifest);
}

/** Reads and authenticates a snapshot's manifest, and checks it is this snapshot's. */
export async function readManifest(file: string, key: SnapshotKey, snapshotId: string, expectedBytes: number | null): Promise<SnapshotManifest> {
  const name = `The manifest of snapshot ${snapshotId}`;
  const manifest = await readSealedJson<SnapshotManifest>(file, 'manifest', key, manifestAad(snapshotId), name, expectedBytes);
  if (manifest.snapshotId !== snapshotId || manifest.format !== 1) throw new SnapshotIntegrityError('modified', `${name} was modified: it belongs to another snapshot.`);
  return manifest;
}
