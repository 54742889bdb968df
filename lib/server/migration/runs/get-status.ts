import { listCollections } from '../../legacy/list-collections';
import { resolveTargets } from '../../mapping/resolve-targets';
import { apiChangeGeneration } from '../../cache/api-changes';
import { identityOf, recentResult } from '../../cache/recent-result';
import type { Db } from '../../db/pool';
import type { MigrationStatus, RunState, RunSummary } from '../../../shared/contracts/migration';
import { isActiveState } from '../../../shared/run-states';
import { AppError } from '../../../shared/errors';
import { analyzeCollection } from '../plan/plan-collection';
import { getPublicStatus } from '../../status-links/get-public-status';
import type { MigrationSource } from '../migration-source';

type SummaryRow = { id: string; state: RunState; createdAt: string; createdBy: string; finishedAt: string | null; processed: string; total: string; migrated: string; collections: string };

function toSummary(row: SummaryRow | undefined): RunSummary | null {
  if (!row) return null;
  return { runId: row.id, state: row.state, createdAt: new Date(row.createdAt).toISOString(), createdBy: row.createdBy, finishedAt: row.finishedAt ? new Date(row.finishedAt).toISOString() : null, processed: Number(row.processed), total: Number(row.total) };
}

/**
 * Collections and live records of the legacy store: pass 1 of each file (cached per file while its
 * size and modification time stay), nothing about the target. A legacy store that cannot be read
 * counts nothing here; the Plan explains why.
 */
async function legacyTotals(source: MigrationSource): Promise<MigrationStatus['legacy']> {
  let names: { name: string; file: string }[];
  try {
    names = (await listCollections(source.legacyDir)).collections;
  } catch (error) {
    if (error instanceof AppError) return { collections: 0, records: 0 };
    throw error;
  }
  const targets = resolveTargets(names.map((c) => c.name), source.mapping.config);
  const files = new Map(names.map((c) => [c.name, c.file]));
  let records = 0;
  for (const target of targets) records += (await analyzeCollection(files.get(target.collection) as string, target, source.mapping.config.withoutTenant, 'scan')).plan.live;
  return { collections: targets.length, records };
}

const sharedLegacyTotals = recentResult(5000, legacyTotals, (source) => JSON.stringify([source.legacyDir, source.mapping.file]));

async function readStatus({ db, source }: { db: Db; source: MigrationSource; version: string }): Promise<MigrationStatus> {
  const [runs, mode, stakeholder] = await Promise.all([
    db.query<SummaryRow>(
      `SELECT r.id, r.state, r.created_at::text AS "createdAt", r.created_by AS "createdBy", r.finished_at::text AS "finishedAt",
              COALESCE(sum(c.processed), 0) AS processed, COALESCE(sum(c.total), 0) AS total, COALESCE(sum(c.migrated), 0) AS migrated, count(c.collection) AS collections
         FROM ferry.migration_runs r LEFT JOIN ferry.run_collections c ON c.run_id = r.id
        GROUP BY r.id ORDER BY r.created_at DESC LIMIT 20`,
    ),
    db.query<{ value: MigrationStatus['mode'] }>(`SELECT value #>> '{}' AS value FROM ferry.settings WHERE key = 'adapter_mode'`),
    getPublicStatus(db),
  ]);
  const active = runs.rows.find((r) => isActiveState(r.state));
  const last = runs.rows.find((r) => !isActiveState(r.state));
  // Rows Ferry put in the new store: the loaders' exact counters of the newest run whose rows are there.
  const holding = runs.rows.find((r) => r.state !== 'rolled_back');
  // While a run moves, its collections' totals are the legacy store's (no second scan of the files).
  const legacy = active ? { collections: Number(active.collections), records: Number(active.total) } : await sharedLegacyTotals(source);
  return {
    mode: mode.rows[0]?.value ?? 'legacy',
    activeRun: toSummary(active),
    lastRun: toSummary(last),
    legacy,
    new: { records: holding ? Number(holding.migrated) : 0 },
    stakeholder,
  };
}

const sharedStatus = recentResult(1000, readStatus, ({ db, source, version }) => JSON.stringify([source.legacyDir, source.mapping.file, identityOf(db), version]), { staleMs: 4000 });

/**
 * `GET /api/migration/status`: which store reads go to (the query adapter's mode), the active and the
 * last finished run, and how many records each store holds. What many people watch is computed once:
 * one reading a second per process is shared by every caller, refreshed in the background while callers
 * get the previous one (so nobody waits on a database busy loading), and the legacy store's totals are
 * read at most every five seconds, from cached scans; a watcher costs about what `/api/health` costs.
 * The newest run's id and state and the mode (two indexed rows, read at most every 250 ms, behind the
 * callers like the rest) are part of the reading's key: a run paused or rolled back, a mode switched,
 * shows within a quarter of a second plus one read of the database (at once through this server's API).
 */
export async function getMigrationStatus(db: Db, source: MigrationSource): Promise<MigrationStatus> {
  return sharedStatus({ db, source, version: await sharedVersion(db) });
}

/**
 * The newest run's id and state and the adapter mode, read at most four times a second per process and
 * in the background while callers get the previous answer (up to two seconds old); read at once after
 * a change through this server's API (a new key).
 */
const sharedVersion = recentResult(250, async (db: Db) => {
  const { rows } = await db.query<{ version: string | null }>(
    `SELECT concat_ws('/', (SELECT id::text || ':' || state FROM ferry.migration_runs ORDER BY created_at DESC LIMIT 1),
                           (SELECT value #>> '{}' FROM ferry.settings WHERE key = 'adapter_mode')) AS version`);
  return rows[0]?.version ?? '';
}, (db) => `${identityOf(db)}/${apiChangeGeneration()}`, { staleMs: 2000 });
