import type { ClientBase } from 'pg';
import type { Db } from '../db/pool';

/** Where a collection's load stands: per tenant stream and per shared stream, the last committed line. */
export type Checkpoints = {
  tenants: Map<string, { line: number; rows: number }>;
  admin: { line: number; rows: number } | null;
  quarantine: { line: number; rows: number } | null;
};

/**
 * Reads every checkpoint of one collection of a run. Tenant checkpoints live in the tenant table
 * `ferry_checkpoints` (read without tenant context, which sees all tenants), shared ones in
 * `ferry.shared_checkpoints`.
 */
export async function readCheckpoints(db: Db, runId: string, collection: string): Promise<Checkpoints> {
  const tenants = await db.query<{ tenant_id: string; line: number; rows: string }>(
    `SELECT tenant_id, line, rows FROM ferry_checkpoints WHERE run_id = $1 AND collection = $2`, [runId, collection]);
  const shared = await db.query<{ stream: 'admin' | 'quarantine'; line: number; rows: string }>(
    `SELECT stream, line, rows FROM ferry.shared_checkpoints WHERE run_id = $1 AND collection = $2`, [runId, collection]);
  const find = (stream: string) => {
    const row = shared.rows.find((r) => r.stream === stream);
    return row ? { line: row.line, rows: Number(row.rows) } : null;
  };
  return {
    tenants: new Map(tenants.rows.map((r) => [r.tenant_id, { line: r.line, rows: Number(r.rows) }])),
    admin: find('admin'),
    quarantine: find('quarantine'),
  };
}

/** A checkpoint that would not move forward: another loader wrote this stream (never the data's fault). */
export class CheckpointRaceError extends Error {
  constructor(where: string) {
    super(`The checkpoint of ${where} has already moved past this batch: another loader is writing it. This batch is rolled back.`);
    this.name = 'CheckpointRaceError';
  }
}

function assertAdvanced(rowCount: number | null, where: string): void {
  if (!rowCount) throw new CheckpointRaceError(where);
}

/**
 * Advances a tenant's checkpoint inside the batch's own (single-tenant) transaction, recording the
 * batch's transaction id (a rollback tells the run's rows apart from rows changed after the run by
 * their `xmin`) and the tenant's legacy key. Checkpoints only move forward: a batch at or behind the
 * stored line (a second loader of the same collection) throws CheckpointRaceError, rolling its rows back
 * with it.
 */
export async function saveTenantCheckpoint(client: ClientBase, tenantId: string, runId: string, collection: string, line: number, rows: number, tenantKey: string | null = null): Promise<void> {
  const result = await client.query(
    `INSERT INTO ferry_checkpoints (tenant_id, run_id, collection, line, rows, tenant_key, xids) VALUES ($1, $2, $3, $4, $5, $6, ARRAY[pg_current_xact_id()::xid])
     ON CONFLICT (tenant_id, run_id, collection) DO UPDATE SET line = EXCLUDED.line, rows = EXCLUDED.rows, xids = ferry_checkpoints.xids || EXCLUDED.xids
     WHERE ferry_checkpoints.line < EXCLUDED.line`,
    [tenantId, runId, collection, line, rows, tenantKey],
  );
  assertAdvanced(result.rowCount, `${collection} for tenant ${tenantId}`);
}

/**
 * Advances a shared stream's checkpoint inside the batch's own transaction (shared tables only), with the
 * batch's transaction id as for tenants; forward only.
 */
export async function saveSharedCheckpoint(client: ClientBase, runId: string, collection: string, stream: 'admin' | 'quarantine', line: number, rows: number): Promise<void> {
  const result = await client.query(
    `INSERT INTO ferry.shared_checkpoints (run_id, collection, stream, line, rows, xids) VALUES ($1, $2, $3, $4, $5, ARRAY[pg_current_xact_id()::xid])
     ON CONFLICT (run_id, collection, stream) DO UPDATE SET line = EXCLUDED.line, rows = EXCLUDED.rows, xids = ferry.shared_checkpoints.xids || EXCLUDED.xids
     WHERE ferry.shared_checkpoints.line < EXCLUDED.line`,
    [runId, collection, stream, line, rows],
  );
  assertAdvanced(result.rowCount, `${collection} (${stream})`);
}
