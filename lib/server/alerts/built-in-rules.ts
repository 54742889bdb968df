import type { AlertRule } from './alert-rule';

const MINUTE = 60_000;

/**
 * The alerts every installation has (a configuration rule with the same name replaces one). Thresholds
 * are deliberately coarse: each one means someone should look now.
 */
export function builtInRules(maxMismatchRate: number): AlertRule[] {
  return [
    {
      name: 'worker-heartbeat-lost',
      condition: { all: [{ metric: 'runLoading', op: '==', value: 1 }, { any: [{ metric: 'workersAlive', op: '==', value: 0 }, { metric: 'workersLate', op: '>', value: 0 }] }] },
      severity: 'critical',
      message: 'A migration is running but a worker stopped sending heartbeats ({{workersAlive}} alive, {{workersLate}} late). Start a worker (npm run worker) or check the one that stopped.',
      cooldownMs: 10 * MINUTE,
    },
    {
      name: 'throughput-low',
      condition: { all: [{ metric: 'runLoading', op: '==', value: 1 }, { metric: 'runLoadingSeconds', op: '>=', value: 60 }, { metric: 'throughputRatio', op: '<', value: 0.1 }] },
      severity: 'medium',
      message: 'The migration loads {{rowsPerSecond}} rows/s, far below the plan’s estimate of {{expectedRowsPerSecond}} rows/s.',
      cooldownMs: 30 * MINUTE,
    },
    {
      name: 'validation-critical',
      condition: { metric: 'validationCritical', op: '>', value: 0 },
      severity: 'critical',
      message: 'The latest validation found {{validationCritical}} critical issue(s): do not promote; review the validation or roll back.',
      cooldownMs: 60 * MINUTE,
    },
    {
      name: 'shadow-mismatch-high',
      condition: { all: [{ metric: 'shadowCompared', op: '>=', value: 20 }, { metric: 'shadowMismatchRate', op: '>', value: maxMismatchRate }] },
      severity: 'high',
      message: 'Shadow reads disagree on {{shadowMismatchRate}} of {{shadowCompared}} compared documents: the stores differ.',
      cooldownMs: 30 * MINUTE,
    },
    {
      name: 'database-latency-high',
      condition: { metric: 'dbLatencyMs', op: '>', value: 500 },
      severity: 'high',
      message: 'The target database took {{dbLatencyMs}} ms to answer a trivial query.',
      cooldownMs: 15 * MINUTE,
    },
    {
      name: 'disk-low',
      condition: { metric: 'diskFreeRatio', op: '<', value: 0.05 },
      severity: 'high',
      message: 'The data directory’s disk has {{diskFreeRatio}} free ({{diskFreeBytes}}).',
      cooldownMs: 60 * MINUTE,
    },
    {
      name: 'legacy-unreadable',
      condition: { metric: 'legacyReadable', op: '==', value: 0 },
      severity: 'medium',
      message: 'The legacy NeDB directory cannot be read: legacy and hybrid reads fail.',
      cooldownMs: 60 * MINUTE,
    },
  ];
}
