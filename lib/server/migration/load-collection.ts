import { AppError } from '../../shared/errors';
import type { Db } from '../db/pool';
import { readLiveDocumentBatches } from '../legacy/read-live-documents';
import { scanCollection } from '../legacy/scan-collection';
import type { CollectionScan, LiveDocument } from '../legacy/types';
import type { Logger } from '../log/logger';
import type { CollectionTarget } from '../mapping/resolve-targets';
import { BatchBuffer } from './batch-buffer';
import { buildRow, copyColumns, tenantKeyOf } from './build-rows';
import { readCheckpoints } from './checkpoints';
import { storedJson } from './copy-text';
import type { QuarantineRow } from './quarantine';
import { createTenantRegistry } from './tenant-registry';
import { writeBatch, writeQuarantineBatch, type BatchTarget } from './write-batch';
import { createWriteQueue } from './write-queue';

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
  /** Rows per transaction (per tenant). */
  batchSize?: number;
  /** Asked between batches; true pauses the load at that batch boundary. */
  shouldStop: () => Promise<boolean>;
  /** After each batch, and with `final` once at the end; it may skip updates to save round trips. */
  onProgress: (progress: LoadProgress, final?: boolean) => Promise<void>;
  log: Logger;
};

/** Encoded rows buffered across all tenants before the fullest buffer is written early. */
const MAX_BUFFERED_BYTES = 48 * 1024 * 1024;
/** Encoded rows waiting to be written before the reader waits. */
const MAX_QUEUED_BYTES = 16 * 1024 * 1024;

/**
 * Loads one collection into its target, resumable and exactly once. Documents stream in file order
 * (pass 2 of the legacy reader); each is routed to its tenant's buffer, the shared admin buffer, or the
 * quarantine; full buffers are written by `writeBatch` with their checkpoint, through a write queue that
 * overlaps the database's work with reading. On resume every document at or before its stream's
 * checkpoint is skipped, so the final rows equal an uninterrupted run's. Returns 'stopped' when
 * `shouldStop` said so (uncommitted buffers are dropped and re-read on resume).
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
  const batchTarget: BatchTarget = { db, runId, collection: target.collection, file, table: target.table, columns: copyColumns(target), log: options.log };
  const tenants = await createTenantRegistry(db, options.tenantNames);
  const queue = createWriteQueue(MAX_QUEUED_BYTES);
  const keepDocuments = target.kind === 'typed';
  const rowsSoFar = new Map<string, number>([...checkpoints.tenants].map(([id, c]) => [id, c.rows]));
  rowsSoFar.set('admin', checkpoints.admin?.rows ?? 0);
  const buffers = new Map<string, BatchBuffer>();
  let bufferedBytes = 0;
  let quarantineBuffer: QuarantineRow[] = [];
  let quarantineRows = checkpoints.quarantine?.rows ?? 0;

  const flushQuarantine = () => {
    const rows = quarantineBuffer;
    quarantineBuffer = [];
    return queue.push(rows.length * 1000, async () => {
      const inserted = await writeQuarantineBatch(batchTarget, rows, quarantineRows);
      quarantineRows += rows.length;
      progress.quarantined += inserted;
    });
  };
  /** Writes one stream's buffer: a tenant's (`stream` = tenant id) or the admin stream. */
  const flush = (stream: string) => {
    const batch = buffers.get(stream) as BatchBuffer;
    buffers.delete(stream);
    bufferedBytes -= batch.bytes;
    return queue.push(batch.bytes, async () => {
      const scope = stream === 'admin' ? { kind: 'admin' as const } : { kind: 'tenant' as const, tenantId: stream };
      const outcome = await writeBatch(batchTarget, scope, batch, rowsSoFar.get(stream) ?? 0);
      rowsSoFar.set(stream, (rowsSoFar.get(stream) ?? 0) + outcome.migrated);
      progress.migrated += outcome.migrated;
      progress.quarantined += outcome.newlyQuarantined;
    });
  };
  const afterBatch = async () => {
    await options.onProgress({ ...progress });
    if (!(await options.shouldStop())) return false;
    await queue.drain(); // queued batches commit; everything after them is re-read on resume
    return true;
  };
  const quarantine = (doc: LiveDocument, tenantKey: string | null, reason: string) => {
    if (doc.line > (checkpoints.quarantine?.line ?? 0)) quarantineBuffer.push({ line: doc.line, legacyId: doc.id, tenantKey, reason, document: storedJson(doc.doc, doc.text) });
  };

  try {
    let sinceYield = 0;
    // Document tables store each line's own text, so NeDB's date revival is skipped where that is safe;
    // typed tables convert field values and need the revived document.
    for await (const chunk of readLiveDocumentBatches(file, scan, { plain: target.kind !== 'typed' })) {
      for (const doc of chunk) {
        // Let the event loop answer the database between slices of parsing: a batch write is a few
        // round trips, each of which would otherwise wait for a whole chunk (~1,500 documents) of parsing.
        if (++sinceYield >= 200) {
          sinceYield = 0;
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        let stream = 'admin';
        let key: string | null = null;
        if (target.category !== 'admin') {
          key = tenantKeyOf(doc.doc, target.tenantField as string) ?? (typeof options.withoutTenant === 'object' ? options.withoutTenant.assignTo : null);
          if (key === null) {
            quarantine(doc, null, `no tenant: field "${target.tenantField}" is missing or empty`);
            if (quarantineBuffer.length >= batchSize) await flushQuarantine();
            continue;
          }
          stream = tenants.known(key) ?? (await tenants.ensure(key));
        }
        // Route first, then compare with that stream's checkpoint: a document whose conversion fails
        // belongs to the quarantine stream whatever its tenant's checkpoint says.
        const row = buildRow(target, doc, key === null ? null : stream, runId, options.runTime);
        if (!row.ok) {
          quarantine(doc, key, row.reason);
          if (quarantineBuffer.length >= batchSize) await flushQuarantine();
          continue;
        }
        const committed = stream === 'admin' ? checkpoints.admin?.line : checkpoints.tenants.get(stream)?.line;
        if (doc.line <= (committed ?? 0)) continue;
        let buffer = buffers.get(stream);
        if (!buffer) buffers.set(stream, (buffer = new BatchBuffer({ tenantKey: key, keepDocuments })));
        const before = buffer.bytes;
        buffer.push(doc.line, doc.id, row.copy, keepDocuments ? storedJson(doc.doc, doc.text) : undefined);
        bufferedBytes += buffer.bytes - before;
        const fullest = buffer.size >= batchSize ? stream : bufferedBytes >= MAX_BUFFERED_BYTES ? largestBuffer(buffers) : null;
        if (fullest) {
          await flush(fullest);
          if (await afterBatch()) return 'stopped';
        }
      }
    }
    for (const stream of [...buffers.keys()]) await flush(stream);
    if (quarantineBuffer.length > 0) await flushQuarantine();
    await queue.drain();
  } catch (error) {
    // Let queued batches finish (or fail) before the job gives up its lock: no batch of this loader
    // may still be committing while another loader takes the collection over.
    await queue.drain().catch(() => undefined);
    throw error;
  }
  await options.onProgress({ ...progress }, true);
  options.log.info(progress, 'collection loaded');
  return 'completed';
}

function largestBuffer(buffers: Map<string, BatchBuffer>): string | null {
  let best: string | null = null;
  let bytes = 0;
  for (const [stream, buffer] of buffers) {
    if (buffer.bytes > bytes) {
      best = stream;
      bytes = buffer.bytes;
    }
  }
  return best;
}
