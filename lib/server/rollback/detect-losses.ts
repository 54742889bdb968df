import type { LossEntry, LossReport } from '../../shared/contracts/rollback';
import type { Db } from '../db/pool';
import { fixOutputSettings } from '../snapshot/copy-digest';
import { readRunTenants, readSharedXids, tenantsToVisit, type RollbackContext } from './rollback-context';
import { analyzeSlice, tableSlice, tenantsSlice, type Slice, type SliceFacts } from './slice';

export type Detection = { report: LossReport; facts: SliceFacts[]; slices: Slice[] };

export const isLossy = (f: SliceFacts) => !f.equal || f.modifiedRun > 0;

/** Every slice a rollback of `ctx`'s scope touches, in the order it restores them. */
export async function slicesInScope(db: Db, ctx: RollbackContext, runTenantIds: string[]): Promise<Slice[]> {
  const slices: Slice[] = [];
  if (ctx.tenantsTable) slices.push(tenantsSlice(ctx, ctx.tenantsTable, runTenantIds));
  const runTenants = await readRunTenants(db, ctx.runId, ctx.scope?.tenantId ?? null);
  for (const tenantId of await tenantsToVisit(db, ctx)) {
    for (const table of ctx.tenantTables) slices.push(tableSlice(ctx, table, tenantId, runTenants.get(tenantId)?.xids ?? []));
  }
  if (!ctx.scope) {
    const xids = await readSharedXids(db, ctx.runId);
    for (const table of ctx.sharedTables) slices.push(tableSlice(ctx, table, null, xids));
  }
  return slices;
}

async function tenantNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ id: string; name: string | null }>(`SELECT id, name FROM tenants WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r.name ?? r.id]));
}

/**
 * Finds the rows a rollback of this scope would undo that the run did not write — rows inserted,
 * changed or deleted since the snapshot by someone else, and run rows changed after the run wrote them —
 * per table and tenant. Reads only (its scratch copies are temporary and discarded). `runTenantIds` are
 * the tenants the run wrote to (its created tenants are not someone else's).
 */
export async function detectLosses(db: Db, ctx: RollbackContext, runTenantIds: string[]): Promise<Detection> {
  const slices = await slicesInScope(db, ctx, runTenantIds);
  const client = await db.connect();
  const facts: SliceFacts[] = [];
  try {
    await client.query('BEGIN');
    await fixOutputSettings(client);
    for (const slice of slices) facts.push(await analyzeSlice(client, ctx, slice));
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
  const lossy = facts.filter(isLossy);
  const names = await tenantNames(db, lossy.flatMap((f) => (f.tenantId ? [f.tenantId] : [])));
  const entries: LossEntry[] = lossy.map((f) => ({
    table: f.table, tenantId: f.tenantId, tenantName: f.tenantId ? (names.get(f.tenantId) ?? null) : null,
    inserted: f.inserted, changed: f.changed, deleted: f.deleted, modifiedRunRows: f.modifiedRun,
  }));
  return { report: { rows: entries.reduce((sum, e) => sum + e.inserted + e.changed + e.deleted + e.modifiedRunRows, 0), entries }, facts, slices };
}
