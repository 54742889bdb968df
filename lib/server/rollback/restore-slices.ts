import type { ClientBase } from 'pg';
import { AppError } from '../../shared/errors';
import { quoteIdent } from '../db/sql';
import { copyDigest, EMPTY_CHECKSUM, fixOutputSettings, type Digest } from '../snapshot/copy-digest';
import { orderedSelect } from '../snapshot/table-shape';
import type { ExportedDigests } from './export-losses';
import type { RollbackContext } from './rollback-context';
import { deleteNotInSnapshot, deleteRunRows, upsertFromSnapshot } from './restore-slice';
import { analyzeSlice, sliceKey, type Slice, type SliceFacts } from './slice';
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

async function countRows(client: ClientBase, slice: Slice): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM public.${quoteIdent(slice.table.name)} c WHERE ${slice.where('c')}`);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Brings slices back to the snapshot inside the caller's transaction (one tenant's, or shared-only):
 * checks what would be lost, removes the run's rows children first, then for each slice that differs
 * from the snapshot deletes rows it does not have (children first) and updates and inserts the rest
 * (parents first), and verifies every slice against the snapshot before the transaction commits.
 * `slices` come parents first. Throws (rolling the transaction back) when a slice cannot be verified.
 */
export async function restoreSlices(client: ClientBase, ctx: RollbackContext, slices: Slice[], digests: ExportedDigests, after?: () => Promise<void>): Promise<SliceOutcome[]> {
  await fixOutputSettings(client);
  const facts: SliceFacts[] = [];
  for (const slice of slices) facts.push(await analyzeSlice(client, ctx, slice));
  for (const f of facts) assertAgreed(ctx, f, digests);
  const outcomes = slices.map((s) => ({ table: s.table.name, removed: 0, restored: 0, verified: false }));
  const childrenFirst = slices.map((s, i) => i).reverse();
  for (const i of childrenFirst) (outcomes[i] as SliceOutcome).removed += await deleteRunRows(client, slices[i] as Slice, ctx.acceptLoss);
  await after?.();
  for (const i of childrenFirst) if (!facts[i]?.equal) (outcomes[i] as SliceOutcome).removed += await deleteNotInSnapshot(client, slices[i] as Slice);
  for (const [i, slice] of slices.entries()) if (!facts[i]?.equal) (outcomes[i] as SliceOutcome).restored += await upsertFromSnapshot(client, slice);
  for (const [i, slice] of slices.entries()) {
    const expected = { rows: slice.segment?.rows ?? 0, checksum: slice.segment?.checksum ?? EMPTY_CHECKSUM };
    const outcome = outcomes[i] as SliceOutcome;
    if (facts[i]?.equal) {
      outcome.verified = (await countRows(client, slice)) === expected.rows;
      continue;
    }
    const now = await copyDigest(client, orderedSelect(slice.table, slice.where('c'), `public.${quoteIdent(slice.table.name)} c`));
    if (now.rows !== expected.rows || now.checksum !== expected.checksum) {
      throw new Error(`Restoring ${slice.table.name}${slice.tenantId ? ` for tenant ${slice.tenantId}` : ''} did not reproduce the snapshot (${now.rows} rows, the snapshot has ${expected.rows}); nothing of it was committed.`);
    }
    outcome.verified = true;
  }
  return outcomes;
}
