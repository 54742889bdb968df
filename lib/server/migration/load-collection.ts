import { scanCollection } from '../legacy/scan-collection';
import { readLiveDocumentBatches } from '../legacy/read-live-documents';
import type { CollectionScan, LiveDocument } from '../legacy/types';
import type { CollectionTarget } from '../mapping/resolve-targets';
import type { Db } from '../db/pool';
import type { Logger } from '../log/logger';
import { AppError } from '../../shared/errors';
import { buildRow, copyColumns, tenantKeyOf } from './build-rows';
import { readCheckpoints } from './checkpoints';
import { storedJson } from './copy-text';
import type { QuarantineRow } from './quarantine';
import { createTenantRegistry } from './tenant-registry';
import { writeBatch, writeQuarantineBatch, type BatchTarget, type PendingRow } from './write-batch';

export type LoadProgress = { migrated: number; quarantined: number };

export type LoadCollectionOptions = {
  db: Db;
  runId: string;
  /** Stands in for missing createdAt/updatedAt (the run's creation time: the same on every resume). */
  runTime: string;
  file: string;
  target: CollectionTarget;
  /** The file's size and mtime when the run started; a changed file is refused. */
  fingerprint: { bytes: number; mtimeMs: number };
  /** The scan recorded when the run started (pass 1 is then not repeated). */
  scan?: CollectionScan | null;
  withoutTenant: 'quarantine' | { assignTo: string };
  tenantNames?: ReadonlyMap<string, string>;
  batchSize?: number;
  /** Asked between batches; true pauses the load at that batch boundary. */
  shouldStop: () => Promise<boolean>;
  /** After each batch, and with `final` once at the end; it may skip updates to save round trips. */
  onProgress: (progress: LoadProgress, final?: boolean) => Promise<void>;
  log: Logger;
};

/**
 * Loads one collection into its target, resumable and exactly once. Documents stream in file order
 * (pass 2 of the legacy reader); each is routed to its tenant's buffer, the shared admin buffer, or the
 * quarantine; full buffers are written by `writeBatch` with their checkpoint. On resume every document
 * at or before its stream's checkpoint is skipped, so the final rows equal an uninterrupted run's.
 * Returns 'stopped' when `shouldStop` said so (uncommitted buffers are dropped and re-read on resume).
 */
export async function loadCollection(options: LoadCollectionOptions): Promise<'completed' | 'stopped'> {
  const { db, runId, target, file, batchSize = 2000 } = options;
  const scan = options.scan ?? (await scanCollection(file));
  if (scan.fingerprint.bytes !== options.fingerprint.bytes || scan.fingerprint.mtimeMs !== options.fingerprint.mtimeMs) {
    throw new AppError('conflict', `${file} changed since the run started (size or modification time): start a new run from a fresh plan.`);
  }
  const checkpoints = await readCheckpoints(db, runId, target.collection);
  const quarantinedBefore = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ferry.quarantine WHERE run_id = $1 AND collection = $2`, [runId, target.collection]);
  const progress: LoadProgress = {
    migrated: [...checkpoints.tenants.values()].reduce((sum, c) => sum + c.rows, 0) + (checkpoints.admin?.rows ?? 0),
    quarantined: quarantinedBefore.rows[0]?.n ?? 0,
  };
  const batchTarget: BatchTarget = { db, runId, collection: target.collection, file, table: target.table, columns: copyColumns(target) };
  const ensureTenant = await createTenantRegistry(db, options.tenantNames);
  const tenantBuffers = new Map<string, PendingRow[]>();
  const tenantRows = new Map([...checkpoints.tenants].map(([id, c]) => [id, c.rows]));
  let adminBuffer: PendingRow[] = [];
  let adminRows = checkpoints.admin?.rows ?? 0;
  let quarantineBuffer: QuarantineRow[] = [];
  let quarantineRows = checkpoints.quarantine?.rows ?? 0;
  // Rows buffered across all tenants: past this, the biggest tenant buffer is written early, which keeps
  // the database busy while Node reads (and bounds memory when a collection has many tenants).
  const maxBuffered = batchSize * 4;
  let buffered = 0;

  const quarantine = (doc: LiveDocument, tenantKey: string | null, reason: string) => {
    if (doc.line <= (checkpoints.quarantine?.line ?? 0)) return;
    quarantineBuffer.push({ line: doc.line, legacyId: doc.id, tenantKey, reason, document: storedJson(doc.doc, doc.text) });
  };
  // One batch is written while the next is being built: reading and JSON work in Node overlap with the
  // database's COPY instead of taking turns. Batches still commit one at a time, in order.
  let inFlight: Promise<void> = Promise.resolve();
  const pipeline = async (write: () => Promise<void>) => {
    await inFlight;
    inFlight = write();
    inFlight.catch(() => undefined); // surfaced by the next `await inFlight`
  };
  const flushQuarantine = () => {
    const rows = quarantineBuffer;
    quarantineBuffer = [];
    return pipeline(async () => {
      await writeQuarantineBatch(batchTarget, rows, quarantineRows);
      quarantineRows += rows.length;
      progress.quarantined += rows.length;
    });
  };
  const flushTenant = (tenantId: string) => {
    const rows = tenantBuffers.get(tenantId) ?? [];
    tenantBuffers.delete(tenantId);
    buffered -= rows.length;
    return pipeline(async () => {
      const outcome = await writeBatch(batchTarget, { kind: 'tenant', tenantId }, rows, tenantRows.get(tenantId) ?? 0);
      tenantRows.set(tenantId, (tenantRows.get(tenantId) ?? 0) + outcome.migrated);
      progress.migrated += outcome.migrated;
      progress.quarantined += outcome.quarantined.length;
    });
  };
  const flushAdmin = () => {
    const rows = adminBuffer;
    adminBuffer = [];
    return pipeline(async () => {
      const outcome = await writeBatch(batchTarget, { kind: 'admin' }, rows, adminRows);
      adminRows += outcome.migrated;
      progress.migrated += outcome.migrated;
      progress.quarantined += outcome.quarantined.length;
    });
  };
  const afterBatch = async () => {
    await options.onProgress({ ...progress });
    if (!(await options.shouldStop())) return false;
    await inFlight; // the batch being written commits; everything after it is re-read on resume
    return true;
  };

  for await (const batch of readLiveDocumentBatches(file, scan)) {
    for (const doc of batch) {
      if (target.category === 'admin') {
        if (doc.line <= (checkpoints.admin?.line ?? 0)) continue;
        const row = buildRow(target, doc, null, runId, options.runTime);
        if (row.ok) adminBuffer.push({ line: doc.line, legacyId: doc.id, tenantKey: null, copy: row.copy, document: storedJson(doc.doc, doc.text) });
        if (adminBuffer.length >= batchSize) {
          await flushAdmin();
          if (await afterBatch()) return 'stopped';
        }
        continue;
      }
      let key = tenantKeyOf(doc.doc, target.tenantField as string);
      if (key === null && typeof options.withoutTenant === 'object') key = options.withoutTenant.assignTo;
      if (key === null) {
        quarantine(doc, null, `no tenant: field "${target.tenantField}" is missing or empty`);
      } else {
        // Route first, then compare with that stream's checkpoint: a document whose conversion fails
        // belongs to the quarantine stream whatever its tenant's checkpoint says.
        const tenantId = await ensureTenant(key);
        const row = buildRow(target, doc, tenantId, runId, options.runTime);
        if (!row.ok) {
          quarantine(doc, key, row.reason);
        } else if (doc.line > (checkpoints.tenants.get(tenantId)?.line ?? 0)) {
          const buffer = tenantBuffers.get(tenantId) ?? [];
          if (buffer.length === 0) tenantBuffers.set(tenantId, buffer);
          buffer.push({ line: doc.line, legacyId: doc.id, tenantKey: key, copy: row.copy, document: storedJson(doc.doc, doc.text) });
          buffered += 1;
          const fullest = buffer.length >= batchSize ? tenantId : buffered >= maxBuffered ? largestBuffer(tenantBuffers) : null;
          if (fullest) {
            await flushTenant(fullest);
            if (await afterBatch()) return 'stopped';
          }
        }
      }
      if (quarantineBuffer.length >= batchSize) {
        await flushQuarantine();
        if (await afterBatch()) return 'stopped';
      }
    }
  }
  if (adminBuffer.length > 0) await flushAdmin();
  for (const tenantId of [...tenantBuffers.keys()]) await flushTenant(tenantId);
  if (quarantineBuffer.length > 0) await flushQuarantine();
  await inFlight;
  await options.onProgress({ ...progress }, true);
  options.log.info({ collection: target.collection, ...progress }, 'collection loaded');
  return 'completed';
}

function largestBuffer(buffers: Map<string, PendingRow[]>): string | null {
  let best: string | null = null;
  let size = 0;
  for (const [tenantId, rows] of buffers) {
    if (rows.length > size) {
      best = tenantId;
      size = rows.length;
    }
  }
  return best;
}
