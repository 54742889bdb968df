import { AppError } from '../../shared/errors';
import type { Db } from '../db/pool';
import { readLiveDocumentBatches } from '../legacy/read-live-documents';
import { scanCollection } from '../legacy/scan-collection';
import type { CollectionScan, LiveDocument } from '../legacy/types';
import type { Logger } from '../log/logger';
import type { CollectionTarget } from '../mapping/resolve-targets';
import { BatchBuffer } from './batch-buffer';
import { releaseMemory } from '../legacy/release-memory';
import { storableText } from '../legacy/safe-text';
import { buildRow, copyColumns, describeMissingTenant, tenantKeyOf, unstorableTenantKey } from './build-rows';
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
/** Quarantined document text buffered before it is written (a big document goes at once, alone). */
const MAX_QUARANTINE_CHARS = 8 * 1024 * 1024;

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

  let quarantineChars = 0;
  const flushQuarantine = () => {
    const rows = quarantineBuffer;
    quarantineBuffer = [];
    const chars = quarantineChars;
    quarantineChars = 0;
    return queue.push(rows.length * 200 + chars, async () => {
      const inserted = await writeQuarantineBatch(batchTarget, rows, quarantineRows);
      quarantineRows += rows.length;
      progress.quarantined += inserted;
    });
  };
  /** Takes one stream's buffer out of the map (the caller writes it). */
  const take = (stream: string): BatchBuffer => {
    const batch = buffers.get(stream) as BatchBuffer;
    buffers.delete(stream);
    bufferedBytes -= batch.bytes;
    return batch;
  };
  /** Writes one stream's buffer: a tenant's (`stream` = tenant id) or the admin stream. */
  const write = (stream: string, batch: BatchBuffer) =>
    queue.push(batch.bytes, async () => {
      const scope = stream === 'admin' ? { kind: 'admin' as const } : { kind: 'tenant' as const, tenantId: stream };
      const outcome = await writeBatch(batchTarget, scope, batch, rowsSoFar.get(stream) ?? 0);
      rowsSoFar.set(stream, (rowsSoFar.get(stream) ?? 0) + outcome.migrated);
      progress.migrated += outcome.migrated;
      progress.quarantined += outcome.newlyQuarantined;
    });
  const flush = (stream: string) => write(stream, take(stream));
  const afterBatch = async () => {
    await options.onProgress({ ...progress });
    if (!(await options.shouldStop())) return false;
    await queue.drain(); // queued batches commit; everything after them is re-read on resume
    return true;
  };
  // A legacy id or tenant key holding a NUL or a lone surrogate is stored escaped (text refuses NUL).
  const quarantine = (doc: LiveDocument, tenantKey: string | null, reason: string) => {
    if (doc.line > (checkpoints.quarantine?.line ?? 0)) {
      const document = storedJson(doc.doc, doc.text);
      quarantineChars += document.length;
      quarantineBuffer.push({ line: doc.line, legacyId: storableText(doc.id), tenantKey: tenantKey === null ? null : storableText(tenantKey), reason, document });
    }
  };

  /**
   * The tenant key of an application document (null for admin collections), or undefined when the
   * document went to the quarantine: no usable key (the reason says what the field holds instead), or a
   * key no tenant can be named by.
   */
  const tenantOf = (doc: LiveDocument): string | null | undefined => {
    if (target.category === 'admin') return null;
    const field = target.tenantField as string;
    const key = tenantKeyOf(doc.doc, field) ?? (typeof options.withoutTenant === 'object' ? options.withoutTenant.assignTo : null);
    if (key === null) {
      quarantine(doc, null, `no tenant: field "${field}" is ${describeMissingTenant(doc.doc, field)}`);
      return undefined;
    }
    const refused = unstorableTenantKey(key);
    if (!refused) return key;
    quarantine(doc, key, refused);
    return undefined;
  };

  /**
   * Places the document `chunk[i]` (its tenant known) into its stream's buffer, or the quarantine when
   * its row cannot be built, and lets go of it (`chunk[i]` is cleared, so a huge document is not held
   * while batches are written). Returns the buffers to write now. A row with a value over
   * BIG_VALUE_CHARS (build-rows.ts) travels alone: its stream's buffer is handed back first, then the
   * big row as a batch of its own, so no batch Buffer is ever concatenated around it.
   */
  const place = (chunk: (LiveDocument | undefined)[], i: number, key: string | null): [string, BatchBuffer][] => {
    const doc = chunk[i] as LiveDocument;
    chunk[i] = undefined;
    const stream = key === null ? 'admin' : (tenants.known(key) as string);
    // Route first, then compare with that stream's checkpoint: a document whose conversion fails
    // belongs to the quarantine stream whatever its tenant's checkpoint says.
    const row = buildRow(target, doc, key === null ? null : stream, runId, options.runTime);
    if (!row.ok) {
      quarantine(doc, key, row.reason);
      return [];
    }
    const committed = stream === 'admin' ? checkpoints.admin?.line : checkpoints.tenants.get(stream)?.line;
    if (doc.line <= (committed ?? 0)) return [];
    const writes: [string, BatchBuffer][] = [];
    const big = typeof row.copy !== 'string';
    if (big && buffers.has(stream)) writes.push([stream, take(stream)]);
    const kept = keepDocuments ? storedJson(doc.doc, doc.text) : undefined;
    if (big) {
      // The row holds the text it needs: the parsed document (as large) is dropped and collected before
      // the row's bytes are allocated, so a big document weighs twice its size here, not three times.
      (doc as { doc: Record<string, unknown> }).doc = {};
      releaseMemory();
    }
    let buffer = buffers.get(stream);
    if (!buffer) buffers.set(stream, (buffer = new BatchBuffer({ tenantKey: key, keepDocuments })));
    const before = buffer.bytes;
    buffer.push(doc.line, doc.id, row.copy, kept);
    bufferedBytes += buffer.bytes - before;
    const full = big || buffer.size >= batchSize ? stream : bufferedBytes >= MAX_BUFFERED_BYTES ? largestBuffer(buffers) : null;
    if (full) writes.push([full, take(full)]);
    return writes;
  };

  try {
    let sinceYield = 0;
    // Document tables store each line's own text, so NeDB's date revival is skipped where that is safe;
    // typed tables convert field values and need the revived document.
    for await (const chunk of readLiveDocumentBatches(file, scan, { plain: target.kind !== 'typed' })) {
      for (let i = 0; i < chunk.length; i += 1) {
        // Let the event loop answer the database between slices of parsing: a batch write is a few
        // round trips, each of which would otherwise wait for a whole chunk (~1,500 documents) of parsing.
        if (++sinceYield >= 200) {
          sinceYield = 0;
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        const key = tenantOf(chunk[i] as LiveDocument);
        if (key === undefined) {
          (chunk as unknown[])[i] = undefined;
          if (quarantineBuffer.length >= batchSize || quarantineChars > MAX_QUARANTINE_CHARS) await flushQuarantine();
          continue;
        }
        if (key !== null && tenants.known(key) === undefined) await tenants.ensure(key);
        const writes = place(chunk, i, key);
        if (quarantineBuffer.length >= batchSize || quarantineChars > MAX_QUARANTINE_CHARS) await flushQuarantine();
        for (const [stream, batch] of writes) await write(stream, batch);
        if (writes.length > 0 && (await afterBatch())) return 'stopped';
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
