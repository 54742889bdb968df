import { describe, expect, it } from 'vitest';
import type { DetailedHealth } from '../../shared/contracts/health';
import { healthMetrics } from './health-metrics';

const base: DetailedHealth = {
  checkedAt: '2030-01-01T00:00:00.000Z', version: '0', database: { up: true, kind: 'embedded', latencyMs: 3, serverVersion: '18.4' },
  pool: { total: 2, idle: 1, waiting: 0, max: 10 }, connections: { total: 5, byState: {}, byApplication: {} },
  workers: [{ id: 'w', pid: 1, host: 'h', kinds: [], startedAt: '', heartbeatAt: '', heartbeatAgeSeconds: 1, state: 'alive' }], locks: [],
  legacy: { dir: '/x', readable: true, detail: 'readable' }, disk: { path: '/x', freeBytes: 10, totalBytes: 100, freeRatio: 0.1 },
  lastRun: { state: 'running', createdAt: '', finishedAt: null, processed: 10, total: 100, rowsPerSecond: 400, loadingSeconds: 90 },
  lastSnapshot: null, lastValidation: { state: 'failed', critical: 2, warnings: 0, at: null }, lastRollback: null,
  adapter: { mode: 'hybrid', shadowCompared: 50, shadowMismatchRate: 0.02, noiseRate: 0, errorRate: 0 },
  monitor: { intervalSeconds: 15, webhook: false, rules: 7 },
};

describe('healthMetrics', () => {
  it('reduces the detailed health to the numbers alert rules compare', () => {
    expect(healthMetrics(base, 40_000)).toMatchObject({
      dbUp: 1, dbLatencyMs: 3, workersAlive: 1, workersLate: 0, runActive: 1, runLoading: 1, runLoadingSeconds: 90,
      rowsPerSecond: 400, throughputRatio: 0.01, validationCritical: 2, validationFailed: 1, diskFreeRatio: 0.1, shadowMismatchRate: 0.02,
    });
  });
  it('leaves out what could not be read, so no condition holds on it', () => {
    const down = healthMetrics({ ...base, database: { ...base.database, up: false, latencyMs: null }, disk: null });
    expect(down).toEqual({ dbUp: 0, poolWaiting: 0, poolTotal: 2, legacyReadable: 1 });
    expect(healthMetrics({ ...base, lastRun: { ...base.lastRun!, state: 'paused' } })).toMatchObject({ runLoading: 0, rowsPerSecond: 0, throughputRatio: 1 });
  });
});
