import { DEFAULT_ROWS_PER_SECOND } from '../migration/plan/build-plan';
import type { DetailedHealth, HealthMetrics } from '../../shared/contracts/health';
import { ACTIVE_RUN_STATES, LOADING_RUN_STATES, type RunState } from '../../shared/run-states';

/**
 * One sample of the monitor: the detailed health reduced to numbers (booleans as 0/1). A part that could
 * not be read is left out, so a condition over it does not hold (an alert needs evidence).
 */
export function healthMetrics(health: DetailedHealth, expectedRowsPerSecond = DEFAULT_ROWS_PER_SECOND): Partial<HealthMetrics> {
  const metrics: Partial<HealthMetrics> = {
    dbUp: health.database.up ? 1 : 0,
    poolWaiting: health.pool.waiting,
    poolTotal: health.pool.total,
    legacyReadable: health.legacy.readable ? 1 : 0,
  };
  if (!health.database.up) return metrics;
  const run = health.lastRun;
  const isLoading = run ? (LOADING_RUN_STATES as readonly RunState[]).includes(run.state) : false;
  Object.assign(metrics, {
    dbLatencyMs: health.database.latencyMs ?? undefined,
    connections: health.connections?.total,
    workersAlive: health.workers.filter((w) => w.state === 'alive').length,
    workersLate: health.workers.filter((w) => w.state === 'late').length,
    runActive: run && (ACTIVE_RUN_STATES as readonly RunState[]).includes(run.state) ? 1 : 0,
    runLoading: isLoading ? 1 : 0,
    runLoadingSeconds: run?.loadingSeconds ?? 0,
    rowsPerSecond: isLoading ? (run?.rowsPerSecond ?? 0) : 0,
    expectedRowsPerSecond,
    throughputRatio: isLoading ? (run?.rowsPerSecond ?? 0) / expectedRowsPerSecond : 1,
    validationCritical: health.lastValidation?.critical ?? 0,
    validationFailed: health.lastValidation?.state === 'failed' || health.lastValidation?.state === 'error' ? 1 : 0,
    shadowCompared: health.adapter.shadowCompared,
    shadowMismatchRate: health.adapter.shadowMismatchRate,
    adapterErrorRate: health.adapter.errorRate,
  } satisfies Partial<HealthMetrics>);
  if (health.disk) Object.assign(metrics, { diskFreeBytes: health.disk.freeBytes, diskFreeRatio: health.disk.freeRatio });
  return metrics;
}
