import type { RollbackTarget, RollbackTenant } from '../../shared/contracts/rollback';
import { identityOf, recentResult } from '../cache/recent-result';
import type { Db } from '../db/pool';
import { readRunningRollback, ROLLBACK_COLUMNS, toRollbackView, type RollbackRow } from './rollback-row';

type RunRow = { id: string; state: string; createdAt: string; createdBy: string; startedAt: string | null; rows: string };

/** The tenants a run wrote to, with their legacy keys and names, most rows first. */
export async function runTenantList(db: Db, runId: string): Promise<RollbackTenant[]> {
  const { rows } = await db.query<{ tenantId: string; key: string | null; name: string | null; rows: string }>(
    `SELECT c.tenant_id AS "tenantId", max(c.tenant_key) AS key, t.name, sum(c.rows) AS rows
       FROM ferry_checkpoints c LEFT JOIN tenants t ON t.id = c.tenant_id WHERE c.run_id = $1
      GROUP BY c.tenant_id, t.name ORDER BY sum(c.rows) DESC, c.tenant_id`,
    [runId],
  );
  return rows.map((r) => ({ tenantId: r.tenantId, key: r.key, name: r.name ?? r.key ?? r.tenantId, rows: Number(r.rows) }));
}

async function readTarget(db: Db): Promise<RollbackTarget> {
  const [runs, active, lastRows] = await Promise.all([
    db.query<RunRow>(
      `SELECT r.id, r.state, r.created_at::text AS "createdAt", r.created_by AS "createdBy", r.started_at::text AS "startedAt",
              COALESCE((SELECT sum(migrated) FROM ferry.run_collections c WHERE c.run_id = r.id), 0) AS rows
         FROM ferry.migration_runs r ORDER BY r.created_at DESC LIMIT 1`),
    readRunningRollback(db),
    db.query<RollbackRow>(`SELECT ${ROLLBACK_COLUMNS} FROM ferry.rollbacks b ORDER BY b.started_at DESC LIMIT 1`),
  ]);
  const run = runs.rows[0];
  const last = lastRows.rows[0] ? toRollbackView(lastRows.rows[0]) : null;
  const base = { run: null, snapshot: null, tenants: [], active: active ? toRollbackView(active) : null, last };
  if (!run) return { ...base, available: false, reason: 'No migration has run yet.' };
  const snapshot = (await db.query<{ id: string; createdAt: string; bytes: string }>(
    `SELECT id, created_at::text AS "createdAt", bytes FROM ferry.snapshots WHERE protects_run_id = $1 AND state = 'verified' ORDER BY created_at DESC LIMIT 1`, [run.id])).rows[0];
  const view = {
    ...base,
    run: { runId: run.id, state: run.state, createdAt: new Date(run.createdAt).toISOString(), createdBy: run.createdBy, rows: Number(run.rows) },
    snapshot: snapshot ? { id: snapshot.id, createdAt: new Date(snapshot.createdAt).toISOString(), bytes: Number(snapshot.bytes) } : null,
    tenants: await runTenantList(db, run.id),
  };
  const reason = run.state === 'rolled_back' ? 'The last run is rolled back.'
    : run.startedAt === null ? 'Nothing has been migrated since the snapshot.'
      : !snapshot ? 'No verified snapshot protects the last run.'
        : active ? 'A rollback is running.' : null;
  return { ...view, available: reason === null, reason };
}

const shared = recentResult(1000, ({ db }: { db: Db }) => readTarget(db), ({ db }) => identityOf(db));

/**
 * `GET /api/migration/rollback`: what the on-call button needs on every page — whether data has been
 * migrated since the snapshot protecting the last run (then it can be rolled back), the run, its
 * snapshot and tenants, and the running or last rollback. One reading a second per process is shared.
 */
export function getRollbackTarget(db: Db): Promise<RollbackTarget> {
  return shared({ db });
}
