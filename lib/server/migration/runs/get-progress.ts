import type { Db } from '../../db/pool';
import type { MigrationProgress, RunState } from '../../../shared/contracts/migration';
import { AppError } from '../../../shared/errors';
import { isUuid } from '../../../shared/uuid';
import { apiChangeGeneration } from '../../cache/api-changes';
import { identityOf, recentResult } from '../../cache/recent-result';
import { accounting, type CollectionRow } from './accounting';

const WINDOW_SECONDS = 5;

type RunRow = { id: string; state: RunState; step: string; startedAt: string | null; updatedAt: string };
/**
 * The live progress of a run (the given one, else the newest): totals, per collection and per tenant,
 * rows/s over the last few seconds, ETA, the throughput history for the chart, and the errors.
 * @throws AppError `not_found` when there is no such run (or no run at all).
 */
export async function getProgress(db: Db, runId?: string): Promise<MigrationProgress> {
  return progressOf(db, await readRun(db, runId));
}

/** The run row (the given one, else the newest): one indexed read. */
async function readRun(db: Db, runId?: string): Promise<RunRow> {
  if (runId !== undefined && !isUuid(runId)) throw new AppError('not_found', 'No such run.');
  const runs = await db.query<RunRow>(
    `SELECT id, state, step, started_at::text AS "startedAt", updated_at::text AS "updatedAt" FROM ferry.migration_runs
      WHERE ($1::uuid IS NULL OR id = $1) ORDER BY created_at DESC LIMIT 1`, [runId ?? null]);
  const run = runs.rows[0];
  if (!run) throw new AppError('not_found', runId ? 'No such run.' : 'No migration has run yet.');
  return run;
}

async function progressOf(db: Db, run: RunRow): Promise<MigrationProgress> {
  const [collections, samples, errors, tenants, rolledBack] = await Promise.all([
    db.query<CollectionRow>(
      `SELECT collection AS name, target, state, processed, total, quarantined, migrated, is_estimate AS "isEstimate", stats FROM ferry.run_collections WHERE run_id = $1 ORDER BY position`, [run.id]),
    db.query<{ at: string; processed: string }>(
      `SELECT at::text, processed FROM (SELECT at, processed FROM ferry.run_samples WHERE run_id = $1 ORDER BY at DESC LIMIT 300) s ORDER BY at`, [run.id]),
    db.query<{ at: string; message: string; collection: string | null }>(
      `SELECT at::text, message, collection FROM ferry.run_events WHERE run_id = $1 AND level = 'error' ORDER BY id DESC LIMIT 50`, [run.id]),
    db.query<{ tenantId: string; name: string | null; rows: string }>(
      `SELECT c.tenant_id AS "tenantId", t.name, sum(c.rows) AS rows FROM ferry_checkpoints c LEFT JOIN tenants t ON t.id = c.tenant_id
        WHERE c.run_id = $1 GROUP BY c.tenant_id, t.name ORDER BY sum(c.rows) DESC`, [run.id]),
    db.query<{ tenantId: string; tenantKey: string; rollbackId: string; finishedAt: string | null }>(
      `SELECT scope_tenant_id AS "tenantId", scope_tenant_key AS "tenantKey", id AS "rollbackId", finished_at::text AS "finishedAt" FROM ferry.rollbacks
        WHERE run_id = $1 AND scope_tenant_id IS NOT NULL AND state = 'completed' ORDER BY finished_at`, [run.id]),
  ]);
  const list = collections.rows.map((c) => ({
    name: c.name, target: c.target, state: c.state, processed: Number(c.processed), total: Number(c.total),
    quarantined: Number(c.quarantined), migrated: Number(c.migrated), accounting: accounting(c),
  }));
  const totalIsEstimate = collections.rows.some((c) => c.isEstimate);
  const total = list.reduce((sum, c) => sum + c.total, 0);
  const processed = list.reduce((sum, c) => sum + c.processed, 0);
  const points = samples.rows.map((s) => ({ at: new Date(s.at).getTime(), processed: Number(s.processed) }));
  const throughput = points.slice(1).map((p, i) => {
    const prev = points[i] as { at: number; processed: number };
    return { at: new Date(p.at).toISOString(), rowsPerSecond: Math.max(0, Math.round(((p.processed - prev.processed) * 1000) / Math.max(1, p.at - prev.at))) };
  });
  const latest = points.at(-1);
  const windowStart = latest ? [...points].reverse().find((p) => latest.at - p.at >= WINDOW_SECONDS * 1000) ?? points[0] : undefined;
  const isMoving = run.state === 'running' || run.state === 'pausing';
  const rowsPerSecond = isMoving && latest && windowStart && latest.at > windowStart.at ? Math.round(((latest.processed - windowStart.processed) * 1000) / (latest.at - windowStart.at)) : 0;
  return {
    runId: run.id,
    state: run.state,
    step: run.step,
    percentage: total === 0 ? (run.state === 'completed' ? 100 : 0) : Math.round((processed / total) * 1000) / 10,
    processed,
    total,
    totalIsEstimate,
    rowsPerSecond,
    etaSeconds: rowsPerSecond > 0 ? Math.ceil((total - processed) / rowsPerSecond) : null,
    startedAt: run.startedAt ? new Date(run.startedAt).toISOString() : null,
    updatedAt: new Date(run.updatedAt).toISOString(),
    collections: list,
    tenants: tenants.rows.map((t) => ({ tenantId: t.tenantId, name: t.name ?? t.tenantId, rows: Number(t.rows) })),
    throughput,
    errors: errors.rows.map((e) => ({ at: new Date(e.at).toISOString(), message: e.message, collection: e.collection })),
    rolledBackTenants: rolledBack.rows.map((r) => ({ ...r, finishedAt: r.finishedAt ? new Date(r.finishedAt).toISOString() : null })),
  };
}

const sharedProgress = recentResult(1000, ({ db, run }: { db: Db; run: RunRow }) => progressOf(db, run), ({ db, run }) => `${identityOf(db)}/${run.id}/${run.state}`, { staleMs: 4000 });

/**
 * `getProgress` for the API, read by many people at once: the run's row is read at most every 250 ms
 * (one indexed row, refreshed behind the callers), the rest — counters, samples, tenants — once a second per run, state and process, shared
 * by every caller (a run's counters change once per batch anyway), and refreshed in the background
 * while callers get the previous reading (up to five seconds old), so nobody waits on a database busy
 * loading. A change of state (paused, rolled back) is seen at once: it is part of the reading's key.
 */
export async function getSharedProgress(db: Db, runId?: string): Promise<MigrationProgress> {
  return sharedProgress({ db, run: await sharedRun({ db, runId }) });
}

/**
 * The run's row, read at most four times a second per run and process, in the background while callers
 * get the previous row (up to two seconds old): a state change the worker makes shows within a quarter
 * of a second plus one read of the busy database, one made through this server's API at once (a new key).
 */
const sharedRun = recentResult(250, ({ db, runId }: { db: Db; runId?: string }) => readRun(db, runId), ({ db, runId }) => `${identityOf(db)}/${runId ?? 'latest'}/${apiChangeGeneration()}`, { staleMs: 2000 });
