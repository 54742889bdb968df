import { readSealedJson } from '../snapshot/manifest';
import { digestStream, openSegment } from '../snapshot/segment-reader';
import type { SnapshotKey } from '../snapshot/snapshot-key';
import { snapshotFile } from '../snapshot/snapshot-paths';
import { SnapshotIntegrityError } from '../snapshot/sealed-file';
import { lossAad, lossFiles, lossManifestAad, type LossExportEntry, type LossExportManifest } from './export-losses';

/** One part of a loss export with its rows as COPY text lines (tab-separated, in the entry's column order). */
export type ExportedRows = LossExportEntry & { lines: string[] };

/**
 * Decrypts a rollback's loss export (from the snapshot's directory `dir`): its manifest and every part,
 * each authenticated and checked against the manifest's row count and checksum. For people recovering
 * rows a rollback undid, and for tests.
 * @throws SnapshotIntegrityError when a file is missing, under another key, or altered.
 */
export async function readLossExport(dir: string, rollbackId: string, key: SnapshotKey): Promise<{ manifest: LossExportManifest; parts: ExportedRows[] }> {
  const names = lossFiles(rollbackId);
  const manifest = await readSealedJson<LossExportManifest>(snapshotFile(dir, names.manifest), 'lossManifest', key, lossManifestAad(rollbackId), `The loss export of rollback ${rollbackId}`);
  const parts: ExportedRows[] = [];
  for (const entry of manifest.entries) {
    const at = { file: snapshotFile(dir, names.data), name: `The loss export of ${entry.table}`, offset: entry.offset, length: entry.length, aad: lossAad(rollbackId, entry.table, entry.tenantId, entry.part) };
    const chunks: Buffer[] = [];
    const stream = await openSegment(key, at);
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    const digest = await digestStream(stream, at.name);
    if (digest.checksum !== entry.checksum || digest.rows !== entry.rows) throw new SnapshotIntegrityError('modified', `${at.name} does not match its manifest.`);
    const text = Buffer.concat(chunks).toString('utf8');
    parts.push({ ...entry, lines: text === '' ? [] : text.replace(/\n$/, '').split('\n') });
  }
  return { manifest, parts };
}
