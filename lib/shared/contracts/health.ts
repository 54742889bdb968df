import type { AdapterMode } from './adapter';
import type { RunState } from '../run-states';

export type WorkerHealth = { id: string; pid: number; host: string; kinds: string[]; startedAt: string; heartbeatAt: string; heartbeatAgeSeconds: number; state: 'alive' | 'late' | 'stopped' };
export type LockHolder = { lock: string; name: string | null; pid: number; granted: boolean; application: string | null; since: string | null };

/** `GET /api/health/detailed` and `npm run db:health -- --detailed` (Level 2: it names hosts and directories). */
export type DetailedHealth = {
  checkedAt: string;
  version: string;
  database: { up: boolean; kind: string; latencyMs: number | null; serverVersion: string | null; error?: string };
  pool: { total: number; idle: number; waiting: number; max: number };
  connections: { total: number; byState: Record<string, number>; byApplication: Record<string, number> } | null;
  workers: WorkerHealth[];
  locks: LockHolder[];
  legacy: { dir: string; readable: boolean; detail: string };
  disk: { path: string; freeBytes: number; totalBytes: number; freeRatio: number } | null;
  lastRun: { state: RunState; createdAt: string; finishedAt: string | null; processed: number; total: number; rowsPerSecond: number; loadingSeconds: number | null } | null;
  lastSnapshot: { state: string; createdAt: string; finishedAt: string | null } | null;
  lastValidation: { state: string; critical: number; warnings: number; at: string | null } | null;
  lastRollback: { state: string; scope: string; startedAt: string; finishedAt: string | null } | null;
  adapter: { mode: AdapterMode; shadowCompared: number; shadowMismatchRate: number; noiseRate: number; errorRate: number };
  monitor: { intervalSeconds: number; webhook: boolean; rules: number };
};

/**
 * What the monitor records every interval: numbers only (what alert conditions and charts read).
 * Booleans are 0/1 so every condition is a comparison of numbers.
 */
export type HealthMetrics = {
  dbUp: number;
  dbLatencyMs: number;
  poolWaiting: number;
  poolTotal: number;
  connections: number;
  workersAlive: number;
  workersLate: number;
  runActive: number;
  runLoading: number;
  runLoadingSeconds: number;
  rowsPerSecond: number;
  expectedRowsPerSecond: number;
  throughputRatio: number;
  legacyReadable: number;
  diskFreeBytes: number;
  diskFreeRatio: number;
  validationCritical: number;
  validationFailed: number;
  shadowCompared: number;
  shadowMismatchRate: number;
  adapterErrorRate: number;
};
export type HealthMetric = keyof HealthMetrics;

export const ALERT_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export type AlertView = {
  id: number;
  rule: string;
  severity: AlertSeverity;
  message: string;
  firedAt: string;
  notifiedAt: string;
  notifications: number;
  resolvedAt: string | null;
  delivery: 'none' | 'pending' | 'delivered' | 'failed';
  deliveryAttempts: number;
};

/** `GET /api/health/history`: the monitor's samples (oldest first) and the alerts. */
export type HealthHistory = {
  intervalSeconds: number;
  samples: { at: string; metrics: Partial<HealthMetrics> }[];
  alerts: { active: AlertView[]; past: AlertView[] };
  rules: { name: string; severity: AlertSeverity; cooldownMs: number; source: 'built-in' | 'config' }[];
};
