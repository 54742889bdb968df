import type { ClientBase } from 'pg';
import { AppError } from '../../shared/errors';
import { quoteIdent } from '../db/sql';
import { copyDigest, EMPTY_CHECKSUM, fixOutputSettings, type Digest } from '../snapshot/copy-digest';
import { orderedSelect } from '../snapshot/table-shape';
import type { ExportedDigests } from './export-losses';
import type { RollbackContext } from './rollback-context';
import { deleteNotInSnapshot, deleteRunRows, upsertFromSnapshot } from './restore-slice';
import { analyzeSlice, loadScratch, sliceKey, type Slice, type SliceFacts } from './slice';
import { isLossy } from './detect-losses';

export type SliceOutcome = { table: string; removed: number; restored: number; verified: boolean };

const sameDigest = (a: Digest | null, b: { rows: number; checksum: string } | null | undefined) => (a?.rows ?? 0) === (b?.rows ?? 0) && (a === null || a.rows === 0 || a.checksum === b?.checksum);

/**
 * Refuses to undo what was not agreed to: without `acceptLoss` any row another writer changed since the
 * snapshot; with it, anything beyond what was exported before the restore began.
 */
export function assertAgreed(ctx: RollbackContext, facts: SliceFacts, digests: ExportedDigests): void {
  if (!isLossy(facts)) return;
  const where = `${facts.table}${facts.tenantId ? ` (tenant ${facts.tenantId})` : ''}`;
  if (!ctx.acceptLoss) {
    throw new AppError('conflict', `Rows of ${where} were written after the snapshot by someone other than the run (${facts.inserted} inserted, ${facts.changed} changed, ${facts.deleted} deleted, ${facts.modifiedRun} run rows modified). Nothing of this slice was changed; roll back with acceptLoss to export and undo them.`, { details: { table: facts.table, tenantId: facts.tenantId } });
  }
  const exported = digests[sliceKey(facts.table, facts.tenantId)];
  if (!sameDigest(facts.lost, exported?.lost) || !sameDigest(facts.modified, exported?.modified)) {
    throw new AppError('conflict', `Rows of ${where} changed after they were exported; run the rollback again to export them first.`, { details: { table: facts.table, tenantId: facts.tenantId } });
  }
}

/** Rows and checksum of every row of the slice now, as the snapshot computed its segment. */
function currentDigest(client: ClientBase, slice: Slice): Promise<Digest> {
  return copyDigest(client, orderedSelect(slice.table, slice.where('c'), `public.${quoteIdent(slice.table.name)} c`));
}

const matches = (d: Digest, slice: Slice) => d.rows === (slice.segment?.rows ?? 0) && d.checksum === (slice.segment?.checksum ?? EMPTY_CHECKSUM);

/**
 * Brings slices back to the snapshot inside the caller's transaction (one tenant's, or shared-only).
 * The common case costs one delete and one ordered read per slice: the run's rows (as the run wrote
 * them) are removed children first, and what remains must equal the snapshot's segment. Only a slice
 * that differs is examined: without `acceptLoss` that is a refusal naming the rows (the transaction,
 * deletes included, rolls back); with it — the rows having been exported first — rows the snapshot lacks
 * are deleted (children first), the others updated or inserted (parents first), and the slice verified
 * again. `slices` come parents first. Throws when a slice cannot be verified: nothing is committed.
 */
export async function restoreSlices(client: ClientBase, ctx: RollbackContext, slices: Slice[], digests: ExportedDigests, after?: () => Promise<void>): Promise<SliceOutcome[]> {
  await fixOutputSettings(client);
  // With acceptLoss, what is undone must be exactly what was exported: checked before anything changes.
  if (ctx.acceptLoss) for (const slice of slices) assertAgreed(ctx, await analyzeSlice(client, ctx, slice), digests);
  const outcomes = slices.map((s) => ({ table: s.table.name, removed: 0, restored: 0, verified: false }));
  const childrenFirst = slices.map((s, i) => i).reverse();
  for (const i of childrenFirst) (outcomes[i] as SliceOutcome).removed += await deleteRunRows(client, slices[i] as Slice, ctx.acceptLoss);
  await after?.();
  const differing: number[] = [];
  for (const [i, slice] of slices.entries()) {
    if (matches(await currentDigest(client, slice), slice)) (outcomes[i] as SliceOutcome).verified = true;
    else differing.push(i);
  }
  if (differing.length === 0) return outcomes;
  if (!ctx.acceptLoss) {
    for (const i of differing) assertAgreed(ctx, await analyzeSlice(client, ctx, slices[i] as Slice), digests);
    throw new Error(`${slices[differing[0] as number]?.table.name} differs from the snapshot in a way Ferry cannot attribute; nothing was changed.`);
  }
  for (const i of differing) await loadScratch(client, ctx, slices[i] as Slice);
  for (const i of [...differing].reverse()) (outcomes[i] as SliceOutcome).removed += await deleteNotInSnapshot(client, slices[i] as Slice);
  for (const i of differing) (outcomes[i] as SliceOutcome).restored += await upsertFromSnapshot(client, slices[i] as Slice);
  for (const i of differing) {
    const slice = slices[i] as Slice;
    const now = await currentDigest(client, slice);
    if (!matches(now, slice)) {
      throw new Error(`Restoring ${slice.table.name}${slice.tenantId ? ` for tenant ${slice.tenantId}` : ''} did not reproduce the snapshot (${now.rows} rows, the snapshot has ${slice.segment?.rows ?? 0}); nothing of it was committed.`);
    }
    (outcomes[i] as SliceOutcome).verified = true;
  }
  return outcomes;
}
