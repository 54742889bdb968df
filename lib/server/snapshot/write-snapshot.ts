import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import type { ClientBase } from 'pg';
import type { Db } from '../db/pool';
import { copyOut, fixOutputSettings } from './copy-digest';
import { legacyManifest } from './legacy-manifest';
import { MANIFEST_FILE, writeManifest, type SegmentEntry, type SnapshotManifest, type TableEntry } from './manifest';
import { segmentAad } from './sealed-file';
import { SealedDataFile, type SegmentSink } from './segment-writer';
import type { SnapshotKey } from './snapshot-key';
import { snapshotDir, snapshotFile } from './snapshot-paths';
import { orderedSelect, describeTables, type TableShape } from './table-shape';
import { readAdapterMode, readGeneration, schemaFingerprint } from './target-generation';
import { createTenantSplitter } from './tenant-splitter';

export type WriteProgress = { step: string; tables: number; tablesDone: number; rows: number; bytes: number };

export type WriteSnapshotOptions = {
  db: Db;
  snapshotId: string;
  key: SnapshotKey;
  root: string;
  /** Tables to capture (those that do not exist are left out). */
  tables: string[];
  legacyDir: string;
  onProgress?: (progress: WriteProgress) => void;
};

export type WrittenSnapshot = { manifest: SnapshotManifest; bytes: number; manifestBytes: number };

function countLines(chunk: Buffer): number {
  let n = 0;
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) n += 1;
  return n;
}

/** One table: an ordered COPY TO split into per-tenant segments, each compressed and sealed as it streams. */
async function writeTable(client: ClientBase, options: WriteSnapshotOptions, dir: string, shape: TableShape, index: number, progress: WriteProgress): Promise<TableEntry> {
  const fileName = `table-${index}.data`;
  const data = await SealedDataFile.create(snapshotFile(dir, fileName), 'data', options.key);
  const segments: SegmentEntry[] = [];
  const tableHash = crypto.createHash('sha256');
  let rows = 0;
  type OpenSegment = { sink: SegmentSink; hash: crypto.Hash; rows: number; tenantId: string | null };
  const current: { segment: OpenSegment | null } = { segment: null };
  const openSegment = (): OpenSegment => {
    if (!current.segment) throw new Error('No segment is open.');
    return current.segment;
  };
  const splitter = createTenantSplitter(shape.kind === 'tenant', {
    begin: async (tenantId) => {
      current.segment = { sink: data.beginSegment(segmentAad(options.snapshotId, shape.name, tenantId)), hash: crypto.createHash('sha256'), rows: 0, tenantId };
    },
    data: async (chunk) => {
      const segment = openSegment();
      segment.hash.update(chunk);
      segment.rows += countLines(chunk);
      await segment.sink.write(chunk);
    },
    end: async () => {
      const segment = openSegment();
      const place = await segment.sink.end();
      segments.push({ tenantId: segment.tenantId, ...place, rows: segment.rows, checksum: segment.hash.digest('hex') });
      current.segment = null;
    },
  });
  try {
    await copyOut(client, orderedSelect(shape, 'TRUE'), async (chunk) => {
      tableHash.update(chunk);
      const lines = countLines(chunk);
      rows += lines;
      progress.rows += lines;
      progress.bytes = progress.bytes + chunk.length;
      await splitter.push(chunk);
      options.onProgress?.(progress);
    });
    await splitter.finish();
    await data.close();
  } catch (error) {
    await data.abandon();
    throw error;
  }
  return { name: shape.name, kind: shape.kind, columns: shape.columns, order: shape.order, file: fileName, rows, bytes: data.bytes, checksum: tableHash.digest('hex'), segments };
}

/**
 * Writes a snapshot's files: every table read in ONE repeatable-read transaction (the tables agree with
 * each other and with the generation and schema recorded beside them), each as per-tenant encrypted
 * segments; then the legacy files' manifest and the encrypted manifest itself, synced to disk. Replaces
 * whatever an interrupted attempt left in the snapshot's directory.
 */
export async function writeSnapshot(options: WriteSnapshotOptions): Promise<WrittenSnapshot> {
  const dir = snapshotDir(options.root, options.snapshotId);
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const progress: WriteProgress = { step: 'reading tables', tables: 0, tablesDone: 0, rows: 0, bytes: 0 };
  const client = await options.db.connect();
  let read: Pick<SnapshotManifest, 'generation' | 'schemaFingerprint' | 'adapterMode' | 'tables'>;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await fixOutputSettings(client);
    const [generation, fingerprint, adapterMode] = [await readGeneration(client), await schemaFingerprint(client), await readAdapterMode(client)];
    const shapes = await describeTables(client, options.tables);
    progress.tables = shapes.length;
    const tables: TableEntry[] = [];
    for (const [index, shape] of shapes.entries()) {
      progress.step = `reading ${shape.name}`;
      tables.push(await writeTable(client, options, dir, shape, index, progress));
      progress.tablesDone += 1;
    }
    await client.query('COMMIT');
    read = { generation, schemaFingerprint: fingerprint, adapterMode, tables };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  progress.step = 'hashing the legacy files';
  options.onProgress?.(progress);
  const manifest: SnapshotManifest = {
    format: 1, snapshotId: options.snapshotId, takenAt: new Date().toISOString(), keyId: options.key.id,
    ...read, legacy: await legacyManifest(options.legacyDir),
  };
  const manifestBytes = await writeManifest(snapshotFile(dir, MANIFEST_FILE), options.key, manifest);
  const handle = await fs.open(dir, 'r');
  await handle.sync().finally(() => handle.close());
  const bytes = read.tables.reduce((sum, t) => sum + t.bytes, 0) + manifestBytes;
  return { manifest, bytes, manifestBytes };
}
