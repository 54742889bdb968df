import type { ClientBase } from 'pg';
import type { Db } from '../db/pool';
import type { Logger } from '../log/logger';
import { withTransaction } from '../db/transaction';
import { classifyPgError } from '../db/pg-errors';
import { withTenant } from '../db/with-tenant';
import type { BatchBuffer } from './batch-buffer';
import { saveSharedCheckpoint, saveTenantCheckpoint } from './checkpoints';
import { copyInto, findRejectedRows } from './copy-into';
import { insertQuarantine, type QuarantineRow } from './quarantine';

export type BatchTarget = { db: Db; runId: string; collection: string; file: string; table: string; columns: string[]; log: Logger };

/** Where a batch goes: one tenant's transaction, or the shared admin stream. */
export type BatchScope = { kind: 'tenant'; tenantId: string } | { kind: 'admin' };

export type BatchOutcome = { migrated: number; quarantined: QuarantineRow[]; newlyQuarantined: number };

/**
 * Data errors (class 22) and constraint violations (class 23) are the document's fault — except a
 * duplicate primary key: ids are derived from unique legacy ids, so a duplicate means the rows are
 * already there (another loader), which must never be taken for bad data and quarantined.
 */
function isDataError(error: unknown, table: string): boolean {
  const { kind, constraint } = classifyPgError(error);
  return kind === 'data_refused' || (kind === 'unique_violation' && constraint !== `${table}_pkey`);
}

class RollbackWith<T> extends Error {
  constructor(readonly value: T) {
    super('rollback');
  }
}

function inScope<T>(target: BatchTarget, scope: BatchScope, fn: (client: ClientBase) => Promise<T>): Promise<T> {
  return scope.kind === 'tenant' ? withTenant(target.db, scope.tenantId, fn) : withTransaction(target.db, fn);
}

async function commitRows(target: BatchTarget, scope: BatchScope, data: Buffer, count: number, checkpointLine: number, rowsBefore: number, tenantKey: string | null): Promise<void> {
  await inScope(target, scope, async (client) => {
    // Exactly-once rests on the rows and their checkpoint committing atomically, not on each commit
    // being flushed before the next batch: a commit lost in a database crash loses both, and the resume
    // redoes the batch. So the batch need not wait for its WAL flush.
    await client.query('SET LOCAL synchronous_commit = off');
    if (count > 0) await copyInto(client, target.table, target.columns, data);
    if (scope.kind === 'tenant') await saveTenantCheckpoint(client, scope.tenantId, target.runId, target.collection, checkpointLine, rowsBefore + count, tenantKey);
    else await saveSharedCheckpoint(client, target.runId, target.collection, 'admin', checkpointLine, rowsBefore + count);
  });
}

/**
 * Writes one batch exactly once: the rows and the checkpoint (the batch's last line) commit together, in
 * one transaction scoped to one tenant (Nile's rule) or to shared tables only. When the database refuses
 * some rows (a value jsonb cannot hold, a CHECK or foreign key), they are found one by one in a
 * rolled-back probe, quarantined first (idempotently), and the rest is committed with the checkpoint —
 * so a crash at any point leaves either nothing or everything of the batch, and nothing is lost.
 */
export async function writeBatch(target: BatchTarget, scope: BatchScope, batch: BatchBuffer, rowsBefore: number): Promise<BatchOutcome> {
  const checkpointLine = batch.lastLine;
  try {
    await commitRows(target, scope, batch.toBuffer(), batch.size, checkpointLine, rowsBefore, batch.tenantKey);
    return { migrated: batch.size, quarantined: [], newlyQuarantined: 0 };
  } catch (error) {
    if (!isDataError(error, target.table)) throw error;
  }
  const rows = batch.rows();
  const rejected = await inScope(target, scope, async (client) => {
    throw new RollbackWith(await findRejectedRows(client, target.table, target.columns, rows));
  }).catch((error: unknown) => {
    if (error instanceof RollbackWith) return error.value as Map<number, string>;
    throw error;
  });
  const dataColumn = target.columns.indexOf('data');
  const quarantined: QuarantineRow[] = [];
  const accepted: Buffer[] = [];
  rows.forEach((row, i) => {
    const reason = rejected.get(i);
    if (!reason) accepted.push(row);
    else quarantined.push({ line: batch.lines[i] as number, legacyId: batch.legacyIds[i] ?? null, tenantKey: batch.tenantKey, reason, document: batch.document(i, row, dataColumn) });
  });
  const log = scope.kind === 'tenant' ? target.log.child({ tenant: scope.tenantId }) : target.log;
  log.warn({ refused: quarantined.length, rows: rows.length }, 'the database refused rows of a batch; they are quarantined with its reasons');
  const newlyQuarantined = await withTransaction(target.db, (client) => insertQuarantine(client, target.runId, target.collection, target.file, quarantined));
  await commitRows(target, scope, Buffer.concat(accepted), accepted.length, checkpointLine, rowsBefore, batch.tenantKey);
  return { migrated: accepted.length, quarantined, newlyQuarantined };
}

/**
 * Quarantines documents that cannot be placed (no tenant key, a failed conversion) and advances the
 * collection's shared quarantine checkpoint in the same (shared-only) transaction. Returns how many
 * were newly quarantined.
 */
export async function writeQuarantineBatch(target: BatchTarget, rows: QuarantineRow[], rowsBefore: number): Promise<number> {
  if (rows.length === 0) return 0;
  return withTransaction(target.db, async (client) => {
    const inserted = await insertQuarantine(client, target.runId, target.collection, target.file, rows);
    await saveSharedCheckpoint(client, target.runId, target.collection, 'quarantine', rows.at(-1)?.line ?? 0, rowsBefore + rows.length);
    return inserted;
  });
}
