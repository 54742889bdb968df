import type { Command } from 'commander';
import { AppError } from '../../shared/errors';
import type { DetailedHealth } from '../../shared/contracts/health';
import { checkLiveness } from '../../server/health/check-liveness';
import { getDetailedHealth } from '../../server/health/get-detailed-health';
import type { Db } from '../../server/db/pool';
import { runWithDatabase } from '../run-with-database';

type Print = (line: string) => void;

const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GB`;
const pct = (ratio: number) => `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`;

/** The detailed health as aligned lines for a terminal. */
export function formatDetailedHealth(h: DetailedHealth): string[] {
  const line = (label: string, text: string) => `${label.padEnd(11)} ${text}`;
  const out = [`Ferry ${h.version}: health at ${h.checkedAt}`];
  out.push(line('database', h.database.up ? `up (${h.database.kind}), PostgreSQL ${h.database.serverVersion}, answered in ${h.database.latencyMs} ms` : `DOWN (${h.database.kind}): ${h.database.error}`));
  out.push(line('pool', `${h.pool.total} of ${h.pool.max} connections open, ${h.pool.idle} idle, ${h.pool.waiting} waiting`));
  if (h.connections) out.push(line('connections', `${h.connections.total} to this database: ${Object.entries(h.connections.byState).map(([s, n]) => `${s} ${n}`).join(', ')}`));
  const count = (state: string) => h.workers.filter((w) => w.state === state).length;
  out.push(line('workers', `${count('alive')} alive, ${count('late')} late, ${count('stopped')} stopped (last hour)`));
  for (const w of h.workers.filter((x) => x.state !== 'stopped')) out.push(`  ${w.state.padEnd(5)} pid ${w.pid} on ${w.host} (${w.kinds.join(', ')}), heartbeat ${w.heartbeatAgeSeconds} s ago`);
  out.push(line('locks', h.locks.length === 0 ? 'none held' : `${h.locks.length}`));
  for (const l of h.locks) out.push(`  ${l.granted ? 'held  ' : 'WAITS '} ${l.lock}${l.name ? ` ${l.name}` : ''} by pid ${l.pid}${l.application ? ` (${l.application})` : ''}`);
  out.push(line('legacy', `${h.legacy.dir}: ${h.legacy.detail}`));
  out.push(line('disk', h.disk ? `${gb(h.disk.freeBytes)} free of ${gb(h.disk.totalBytes)} (${pct(h.disk.freeRatio)}) at ${h.disk.path}` : 'not measurable'));
  const run = h.lastRun;
  out.push(line('last run', run ? `${run.state}, ${run.processed} of ${run.total} records${run.rowsPerSecond ? `, ${run.rowsPerSecond} rows/s` : ''}${run.finishedAt ? `, finished ${run.finishedAt}` : ''}` : 'none'));
  out.push(line('snapshot', h.lastSnapshot ? `${h.lastSnapshot.state} (${h.lastSnapshot.finishedAt ?? h.lastSnapshot.createdAt})` : 'none'));
  out.push(line('validation', h.lastValidation ? `${h.lastValidation.state}: ${h.lastValidation.critical} critical, ${h.lastValidation.warnings} warnings (${h.lastValidation.at ?? 'running'})` : 'none'));
  out.push(line('rollback', h.lastRollback ? `${h.lastRollback.state} (${h.lastRollback.scope}, ${h.lastRollback.finishedAt ?? h.lastRollback.startedAt})` : 'none'));
  out.push(line('adapter', `mode ${h.adapter.mode}; ${h.adapter.shadowCompared} shadow comparisons, mismatch ${pct(h.adapter.shadowMismatchRate)} (noise ${pct(h.adapter.noiseRate)}), error rate ${pct(h.adapter.errorRate)}`));
  out.push(line('monitor', `every ${h.monitor.intervalSeconds} s, ${h.monitor.rules} alert rules, webhook ${h.monitor.webhook ? 'configured' : 'not configured'}`));
  return out;
}

/**
 * `db health [--detailed] [--json]` (= `npm run db:health`): whether the database answers, or with
 * `--detailed` everything GET /api/health/detailed shows. Throws (exit code 1) when the database is down.
 */
export async function dbHealth(db: Db, flags: { detailed?: boolean; json?: boolean }, print: Print = (l) => console.log(l)): Promise<void> {
  if (flags.detailed) {
    const health = await getDetailedHealth(db);
    if (flags.json) print(JSON.stringify(health, null, 2));
    else for (const l of formatDetailedHealth(health)) print(l);
    if (!health.database.up) throw new AppError('unavailable', 'The database does not answer.');
    return;
  }
  const liveness = await checkLiveness(() => db);
  print(flags.json ? JSON.stringify(liveness) : `Ferry ${liveness.version}: database ${liveness.database}`);
  if (!liveness.ok) throw new AppError('unavailable', 'The database does not answer.');
}

/** Adds `health` under `ferry db`. */
export function registerHealthCommand(db: Command): void {
  db.command('health')
    .description('Whether Ferry’s database answers; --detailed: latency, pool, connections, workers, locks, legacy dir, disk, last run/snapshot/validation.')
    .option('--detailed', 'everything GET /api/health/detailed shows')
    .option('--json', 'print JSON')
    .action(async (flags: { detailed?: boolean; json?: boolean }) => runWithDatabase((pool) => dbHealth(pool, flags)));
}
