import { LOCK_CLASSES, locks as lockKeys } from '../db/advisory-locks';
import type { Db } from '../db/pool';
import type { DetailedHealth, LockHolder } from '../../shared/contracts/health';

const PROBE_TIMEOUT_MS = 2000;
const CLASS_NAMES = new Map<number, string>(Object.entries(LOCK_CLASSES).map(([name, id]) => [id, name]));

/** Lock names Ferry can name without knowing ids: the fixed ones, the migrators' and the newest run's collections. */
async function knownLockNames(db: Db): Promise<string[]> {
  const fixed = [lockKeys.start(), lockKeys.rollback(), lockKeys.setup(), lockKeys.healthMonitor()].map((l) => l.name);
  const sets = ['ferry', 'schema', 'engine'].map((set) => lockKeys.migrate(set).name);
  const { rows } = await db.query<{ name: string }>(
    `SELECT c.run_id::text || '/' || c.collection AS name FROM ferry.run_collections c
      WHERE c.run_id = (SELECT id FROM ferry.migration_runs ORDER BY created_at DESC LIMIT 1)`,
  );
  return [...fixed, ...sets, ...rows.map((r) => r.name)];
}

/**
 * The target database as an operator needs it: whether it answers and how fast (one `SELECT 1`, two
 * seconds at most), its version, the connections to this database by state and application, and who
 * holds or waits for Ferry's advisory locks (the lock's kind from its class, its name where Ferry can
 * tell it, the backend pid). Never throws: a database that does not answer is reported down.
 */
export async function readDatabaseHealth(db: Db): Promise<Pick<DetailedHealth, 'database' | 'connections' | 'locks'>> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const probe = await Promise.race([
      db.query<{ version: string }>(`SELECT current_setting('server_version') AS version`),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS))),
    ]).finally(() => clearTimeout(timer));
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    const [activity, held] = await Promise.all([
      db.query<{ state: string | null; application: string | null; n: number }>(
        `SELECT state, application_name AS application, count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() GROUP BY 1, 2`),
      db.query<{ classid: number; objid: number; pid: number; granted: boolean; application: string | null; since: Date | null; name: string | null }>(
        `SELECT l.classid::int AS classid, l.objid::bigint AS objid, l.pid, l.granted, a.application_name AS application, a.query_start AS since,
                (SELECT n FROM unnest($1::text[]) n WHERE hashtext(n)::oid = l.objid LIMIT 1) AS name
           FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.objsubid = 2 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          ORDER BY l.granted DESC, l.pid`, [await knownLockNames(db)]),
    ]);
    const byState: Record<string, number> = {};
    const byApplication: Record<string, number> = {};
    for (const row of activity.rows) {
      const state = row.state ?? 'not visible to this role';
      byState[state] = (byState[state] ?? 0) + row.n;
      const app = row.application || '(none)';
      byApplication[app] = (byApplication[app] ?? 0) + row.n;
    }
    const lockList: LockHolder[] = held.rows.map((r) => ({
      lock: CLASS_NAMES.get(r.classid) ?? `class ${r.classid}`,
      name: r.name,
      pid: r.pid,
      granted: r.granted,
      application: r.application,
      since: r.since ? r.since.toISOString() : null,
    }));
    return {
      database: { up: true, kind: '', latencyMs, serverVersion: probe.rows[0]?.version ?? null },
      connections: { total: activity.rows.reduce((sum, r) => sum + r.n, 0), byState, byApplication },
      locks: lockList,
    };
  } catch (error) {
    const reason = (error as Error).message === 'timeout' ? `no answer within ${PROBE_TIMEOUT_MS / 1000} s` : 'the database did not answer';
    return { database: { up: false, kind: '', latencyMs: null, serverVersion: null, error: reason }, connections: null, locks: [] };
  }
}
