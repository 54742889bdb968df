import { constants } from 'node:fs';
import { access, statfs } from 'node:fs/promises';
import path from 'node:path';
import { readLatestRollback } from '../adapter/latest-rollback';
import { readLatestSnapshot } from '../adapter/latest-snapshot';
import { readLatestValidation } from '../adapter/latest-validation';
import { getAdapterConfig } from '../adapter/adapter-config';
import { rateOf, readStoredCounters } from '../adapter/stored-counters';
import { loadAlertRules } from '../alerts/load-alert-rules';
import { getEnv } from '../config/env';
import { legacySource } from '../config/legacy-dir';
import { FERRY_VERSION } from '../config/version';
import { databaseKind, type Db } from '../db/pool';
import type { DetailedHealth } from '../../shared/contracts/health';
import { readDatabaseHealth } from './read-database-health';
import { readLastRun } from './read-last-run';
import { readWorkers } from './read-workers';

async function readLegacy(dir: string): Promise<DetailedHealth['legacy']> {
  try {
    await access(dir, constants.R_OK | constants.X_OK);
    return { dir, readable: true, detail: 'readable' };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { dir, readable: false, detail: code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})` };
  }
}

/** Free space of the disk holding `dir` (or its nearest existing parent, before DATA_DIR is created). */
async function readDisk(dir: string): Promise<DetailedHealth['disk']> {
  try {
    let at = dir;
    while (!(await access(at).then(() => true, () => false)) && path.dirname(at) !== at) at = path.dirname(at);
    const s = await statfs(at);
    const total = s.blocks * s.bsize;
    const free = s.bavail * s.bsize;
    return { path: dir, freeBytes: free, totalBytes: total, freeRatio: total > 0 ? free / total : 0 };
  } catch {
    return null;
  }
}

/**
 * `GET /api/health/detailed` and `db:health --detailed`: everything an on-call engineer checks first —
 * the target (latency, version, connections, lock holders), this process's pool, worker heartbeats,
 * the legacy directory, DATA_DIR's disk, the last run, snapshot, validation and rollback, the adapter,
 * and how the monitor is set up. Parts that depend on a database that does not answer are left empty;
 * the answer itself always comes.
 */
export async function getDetailedHealth(db: Db): Promise<DetailedHealth> {
  const env = getEnv();
  const [database, legacy, disk] = await Promise.all([readDatabaseHealth(db), readLegacy(legacySource(env).dir), readDisk(env.dataDir)]);
  const pool = { total: db.totalCount, idle: db.idleCount, waiting: db.waitingCount, max: db.options.max ?? 10 };
  const alerts = loadAlertRules(env);
  const base = {
    checkedAt: new Date().toISOString(),
    version: FERRY_VERSION,
    ...database,
    database: { ...database.database, kind: databaseKind(env) },
    pool,
    legacy,
    disk,
    monitor: { intervalSeconds: env.FERRY_HEALTH_INTERVAL_SECONDS, webhook: Boolean(env.ALERT_WEBHOOK_URL), rules: alerts.rules.length },
  };
  const empty = { workers: [], lastRun: null, lastSnapshot: null, lastValidation: null, lastRollback: null, adapter: { mode: 'legacy' as const, shadowCompared: 0, shadowMismatchRate: 0, noiseRate: 0, errorRate: 0 } };
  if (!database.database.up) return { ...base, ...empty };
  const [workers, lastRun, lastSnapshot, validation, lastRollback, config, counters] = await Promise.all([
    readWorkers(db), readLastRun(db), readLatestSnapshot(db), readLatestValidation(db), readLatestRollback(db), getAdapterConfig(db), readStoredCounters(db),
  ]);
  const total = (m: Parameters<typeof counters.total.get>[0]) => counters.total.get(m) ?? 0;
  return {
    ...base,
    workers,
    lastRun,
    lastSnapshot,
    lastValidation: validation ? { state: validation.state, critical: validation.critical, warnings: validation.warnings, at: validation.at } : null,
    lastRollback,
    adapter: {
      mode: config.mode,
      shadowCompared: total('shadow.compared'),
      shadowMismatchRate: rateOf(total('shadow.mismatched'), total('shadow.compared')),
      noiseRate: rateOf(total('noise.mismatched'), total('noise.compared')),
      errorRate: rateOf(total('errors.legacy') + total('errors.new'), total('reads.legacy') + total('reads.new')),
    },
  };
}
