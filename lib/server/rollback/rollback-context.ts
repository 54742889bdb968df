import type { ClientBase } from 'pg';
import type { Db } from '../db/pool';
import { AppError } from '../../shared/errors';
import { tenantUuid } from '../mapping/ids';
import type { SegmentEntry, TableEntry } from '../snapshot/manifest';
import { openSnapshot, type OpenedSnapshot } from '../snapshot/open-snapshot';
import { SnapshotIntegrityError } from '../snapshot/sealed-file';
import { snapshotKey, type SnapshotKey } from '../snapshot/snapshot-key';
import { snapshotRoot } from '../snapshot/snapshot-paths';
import { foreignKeyOrder } from '../snapshot/table-shape';

/** One tenant (`tenantId`, by its legacy key) or, when null, the whole run. */
export type TenantScope = { tenantId: string; tenantKey: string } | null;

/**
 * Everything a rollback reads besides the target itself: the opened (header-, key- and size-checked)
 * snapshot, its tables in foreign-key order (parents first), and where each (table, tenant) segment is.
 */
export type RollbackContext = {
  runId: string;
  snapshotId: string;
  scope: TenantScope;
  acceptLoss: boolean;
  key: SnapshotKey;
  opened: OpenedSnapshot;
  /** Tables with a tenant_id, parents first. */
  tenantTables: TableEntry[];
  /** Shared tables other than `tenants`, parents first. */
  sharedTables: TableEntry[];
  tenantsTable: TableEntry | null;
  segments: Map<string, Map<string | null, SegmentEntry>>;
};

export type ContextInput = { runId: string; snapshotId: string; scope: TenantScope; acceptLoss: boolean };

/**
 * Opens the rollback's snapshot with the checks that need no data decryption (a wrong key, a missing,
 * truncated or altered manifest or data file are refused here) and arranges its tables.
 * @throws AppError `conflict` naming the integrity problem (details `{ problem }`), `unprocessable` without a key.
 */
export async function loadRollbackContext(db: Db, input: ContextInput): Promise<RollbackContext> {
  const key = snapshotKey();
  const { rows } = await db.query<{ manifestBytes: string | null }>(`SELECT manifest_bytes AS "manifestBytes" FROM ferry.snapshots WHERE id = $1`, [input.snapshotId]);
  if (!rows[0]) throw new AppError('conflict', `Snapshot ${input.snapshotId} no longer exists.`);
  let opened: OpenedSnapshot;
  try {
    opened = await openSnapshot(snapshotRoot(), input.snapshotId, key, rows[0].manifestBytes === null ? null : Number(rows[0].manifestBytes));
  } catch (error) {
    throw refusal(error, input.snapshotId);
  }
  // Every table the run writes must be in the snapshot, or its rows could not be told apart and removed.
  const written = await db.query<{ table: string }>(`SELECT DISTINCT target AS table FROM ferry.run_collections WHERE run_id = $1`, [input.runId]);
  const missing = written.rows.map((r) => r.table).filter((t) => !opened.manifest.tables.some((m) => m.name === t));
  if (missing.length > 0) throw new AppError('conflict', `Snapshot ${input.snapshotId} does not cover ${missing.join(', ')}, which run ${input.runId} writes; it cannot roll the run back.`, { details: { missing } });
  const client = await db.connect();
  let order: string[];
  try {
    order = await foreignKeyOrder(client, opened.manifest.tables.map((t) => t.name));
  } finally {
    client.release();
  }
  const byName = new Map(opened.manifest.tables.map((t) => [t.name, t]));
  const ordered = order.map((name) => byName.get(name) as TableEntry);
  const segments = new Map(opened.manifest.tables.map((t) => [t.name, new Map(t.segments.map((s) => [s.tenantId, s]))]));
  return {
    ...input, key, opened, segments,
    tenantTables: ordered.filter((t) => t.kind === 'tenant'),
    sharedTables: ordered.filter((t) => t.kind === 'shared' && t.name !== 'tenants'),
    tenantsTable: byName.get('tenants') ?? null,
  };
}

/** A snapshot integrity problem as the API's refusal; anything else unchanged. */
export function refusal(error: unknown, snapshotId: string): unknown {
  if (!(error instanceof SnapshotIntegrityError)) return error;
  return new AppError('conflict', `Snapshot ${snapshotId} cannot be used: ${error.message} Nothing was changed.`, { details: { snapshotId, problem: error.problem } });
}

export function segmentOf(ctx: RollbackContext, table: TableEntry, tenantId: string | null): SegmentEntry | null {
  return ctx.segments.get(table.name)?.get(table.kind === 'tenant' ? tenantId : null) ?? null;
}

/** Tenants of the run, each with its legacy key, rows and the transaction ids of its batches. */
export type RunTenant = { tenantId: string; key: string | null; rows: number; xids: string[] };

export async function readRunTenants(q: Pick<ClientBase, 'query'>, runId: string, tenantId: string | null = null): Promise<Map<string, RunTenant>> {
  const { rows } = await q.query<{ tenantId: string; key: string | null; rows: string; xids: string[] }>(
    `SELECT tenant_id AS "tenantId", tenant_key AS key, rows, xids::text[] AS xids FROM ferry_checkpoints WHERE run_id = $1 AND ($2::uuid IS NULL OR tenant_id = $2)`,
    [runId, tenantId],
  );
  const tenants = new Map<string, RunTenant>();
  for (const r of rows) {
    const t = tenants.get(r.tenantId) ?? { tenantId: r.tenantId, key: null, rows: 0, xids: [] };
    t.key ??= r.key;
    t.rows += Number(r.rows);
    t.xids.push(...r.xids);
    tenants.set(r.tenantId, t);
  }
  return tenants;
}

/**
 * Every tenant the run created or wrote to: those with a checkpoint of the run, and those of legacy keys
 * the run quarantined documents of (a tenant is created when its first document is seen, even if every
 * document of it is then quarantined).
 */
export async function readRunTenantIds(q: Pick<ClientBase, 'query'>, runId: string): Promise<string[]> {
  const ids = new Set((await readRunTenants(q, runId)).keys());
  const { rows } = await q.query<{ key: string }>(`SELECT DISTINCT tenant_key AS key FROM ferry.quarantine WHERE run_id = $1 AND tenant_key IS NOT NULL`, [runId]);
  for (const r of rows) ids.add(tenantUuid(r.key));
  return [...ids];
}

/** Transaction ids of the run's batches into shared tables. */
export async function readSharedXids(q: Pick<ClientBase, 'query'>, runId: string): Promise<string[]> {
  const { rows } = await q.query<{ xids: string[] }>(`SELECT xids::text[] AS xids FROM ferry.shared_checkpoints WHERE run_id = $1 AND stream = 'admin'`, [runId]);
  return rows.flatMap((r) => r.xids);
}

/**
 * The tenants a whole-run rollback visits: those the snapshot has rows of, those that exist now, and
 * those the run wrote to — sorted, so every attempt visits them in the same order.
 */
export async function tenantsToVisit(q: Pick<ClientBase, 'query'>, ctx: RollbackContext): Promise<string[]> {
  if (ctx.scope) return [ctx.scope.tenantId];
  const ids = new Set<string>();
  for (const table of ctx.tenantTables) for (const s of table.segments) if (s.tenantId) ids.add(s.tenantId);
  const { rows } = await q.query<{ id: string }>(`SELECT id FROM tenants UNION SELECT tenant_id FROM ferry_checkpoints WHERE run_id = $1`, [ctx.runId]);
  for (const r of rows) ids.add(r.id);
  return [...ids].sort();
}
