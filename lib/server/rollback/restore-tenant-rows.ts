import type { ClientBase } from 'pg';
import { classifyPgError } from '../db/pg-errors';
import type { Db } from '../db/pool';
import { withTransaction } from '../db/transaction';
import { copyDigest, fixOutputSettings } from '../snapshot/copy-digest';
import { orderedSelect } from '../snapshot/table-shape';
import type { ExportedDigests } from './export-losses';
import { assertAgreed } from './restore-slices';
import type { RollbackContext } from './rollback-context';
import { upsertFromSnapshot } from './restore-slice';
import { analyzeSlice, loadScratch, scratchOf, tenantsSlice } from './slice';

/**
 * Before tenant rows are restored: tenant rows of the snapshot that are missing or changed now come back
 * (parents before the rows that reference them). One shared-only transaction. Returns the rows written.
 */
export async function restoreSnapshotTenants(db: Db, ctx: RollbackContext, runTenantIds: string[], digests: ExportedDigests): Promise<number> {
  if (!ctx.tenantsTable) return 0;
  const table = ctx.tenantsTable;
  return withTransaction(db, async (client) => {
    await fixOutputSettings(client);
    const slice = tenantsSlice(ctx, table, runTenantIds);
    const facts = await analyzeSlice(client, ctx, slice);
    assertAgreed(ctx, facts, digests);
    return facts.equal ? 0 : upsertFromSnapshot(client, slice);
  });
}

async function deleteTenant(client: ClientBase, id: string): Promise<string | null> {
  await client.query('SAVEPOINT ferry_tenant');
  try {
    await client.query(`DELETE FROM tenants WHERE id = $1`, [id]);
    await client.query('RELEASE SAVEPOINT ferry_tenant');
    return null;
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT ferry_tenant');
    if (classifyPgError(error).code === '23503') return 'other rows still reference it';
    throw error;
  }
}

/**
 * After every tenant's rows are back: removes the tenants the run created (and, with `acceptLoss`, other
 * tenants absent from the snapshot), keeping — and reporting — any that other rows still reference.
 * One shared-only transaction; verifies the tenant rows in scope against the snapshot.
 */
export async function removeRunTenants(db: Db, ctx: RollbackContext, runTenantIds: string[]): Promise<{ removed: number; kept: { tenantId: string; reason: string }[]; verified: boolean }> {
  if (!ctx.tenantsTable) return { removed: 0, kept: [], verified: true };
  const table = ctx.tenantsTable;
  return withTransaction(db, async (client) => {
    await fixOutputSettings(client);
    const slice = tenantsSlice(ctx, table, runTenantIds);
    await loadScratch(client, ctx, slice);
    const candidates = await client.query<{ id: string; byRun: boolean }>(
      `SELECT c.id, ${slice.run?.('c') ?? 'false'} AS "byRun" FROM tenants c
        WHERE ${slice.where('c')} AND NOT EXISTS (SELECT 1 FROM ${scratchOf(table)} s WHERE s.id = c.id) ORDER BY c.id`,
    );
    const kept: { tenantId: string; reason: string }[] = [];
    let removed = 0;
    for (const row of candidates.rows) {
      if (!row.byRun && !ctx.acceptLoss) continue;
      const reason = await deleteTenant(client, row.id);
      if (reason) kept.push({ tenantId: row.id, reason });
      else removed += 1;
    }
    const [now, expected] = [
      await copyDigest(client, orderedSelect(table, slice.where('c'), 'public.tenants c')),
      await copyDigest(client, orderedSelect(table, slice.where('s'), `${scratchOf(table)} s`)),
    ];
    return { removed, kept, verified: now.rows === expected.rows && now.checksum === expected.checksum };
  });
}

