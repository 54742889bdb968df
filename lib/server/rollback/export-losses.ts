import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import type { Db } from '../db/pool';
import { copyOut, fixOutputSettings, type Digest } from '../snapshot/copy-digest';
import { writeSealedJson } from '../snapshot/manifest';
import { SealedDataFile } from '../snapshot/segment-writer';
import { snapshotFile } from '../snapshot/snapshot-paths';
import type { RollbackContext } from './rollback-context';
import { loadScratch, lostRowsSelect, modifiedRunSelect, sliceKey, type Slice, type SliceFacts } from './slice';

export type LossPart = 'changed' | 'modified_run';
export type LossExportEntry = { table: string; tenantId: string | null; part: LossPart; columns: string[]; offset: number; length: number; rows: number; checksum: string };
export type LossExportManifest = { format: 1; rollbackId: string; snapshotId: string; runId: string; exportedAt: string; entries: LossExportEntry[] };
/** Per slice, the digests of what was exported (a restore checks the rows it undoes are exactly these). */
export type ExportedDigests = Record<string, { lost: Digest | null; modified: Digest | null }>;

export const lossFiles = (rollbackId: string) => ({ data: `lost-${rollbackId}.data`, manifest: `lost-${rollbackId}.manifest` });
export const lossAad = (rollbackId: string, table: string, tenantId: string | null, part: LossPart) => `ferry-loss/${rollbackId}/${table}/${tenantId ?? 'shared'}/${part}`;
export const lossManifestAad = (rollbackId: string) => `ferry-loss/${rollbackId}/manifest`;

/**
 * Exports, before anything is restored, the rows a rollback with `acceptLoss` will undo: other writers'
 * rows not identical in the snapshot (their current version) and run rows changed after the run wrote
 * them — COPY text, compressed and encrypted like a snapshot, in `lost-<rollbackId>.data` beside the
 * snapshot, with an encrypted manifest. Returns the manifest's file name and the digests per slice.
 */
export async function exportLosses(db: Db, ctx: RollbackContext, rollbackId: string, lossy: { slice: Slice; facts: SliceFacts }[]): Promise<{ file: string; digests: ExportedDigests }> {
  const names = lossFiles(rollbackId);
  const dataFile = snapshotFile(ctx.opened.dir, names.data);
  const manifestFile = snapshotFile(ctx.opened.dir, names.manifest);
  await fs.rm(dataFile, { force: true });
  await fs.rm(manifestFile, { force: true });
  const data = await SealedDataFile.create(dataFile, 'lossData', ctx.key);
  const entries: LossExportEntry[] = [];
  const digests: ExportedDigests = {};
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    await fixOutputSettings(client);
    for (const { slice, facts } of lossy) {
      const parts: [LossPart, string | null][] = [['changed', facts.equal ? null : lostRowsSelect(slice)], ['modified_run', facts.modifiedRun > 0 ? modifiedRunSelect(slice) : null]];
      const digest: ExportedDigests[string] = { lost: null, modified: null };
      for (const [part, select] of parts) {
        if (!select) continue;
        if (part === 'changed') await loadScratch(client, ctx, slice);
        const sink = data.beginSegment(lossAad(rollbackId, slice.table.name, slice.tenantId, part));
        const hash = crypto.createHash('sha256');
        let rows = 0;
        let bytes = 0;
        await copyOut(client, select, async (chunk) => {
          hash.update(chunk);
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows += 1;
          await sink.write(chunk);
        });
        const place = await sink.end();
        const checksum = hash.digest('hex');
        entries.push({ table: slice.table.name, tenantId: slice.tenantId, part, columns: slice.table.columns, ...place, rows, checksum });
        digest[part === 'changed' ? 'lost' : 'modified'] = { rows, checksum, bytes };
      }
      digests[sliceKey(slice.table.name, slice.tenantId)] = digest;
    }
    await data.close();
  } catch (error) {
    await data.abandon();
    throw error;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
  const manifest: LossExportManifest = { format: 1, rollbackId, snapshotId: ctx.snapshotId, runId: ctx.runId, exportedAt: new Date().toISOString(), entries };
  await writeSealedJson(manifestFile, 'lossManifest', ctx.key, lossManifestAad(rollbackId), manifest);
  return { file: names.manifest, digests };
}
