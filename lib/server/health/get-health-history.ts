import { loadAlertRules } from '../alerts/load-alert-rules';
import { getEnv } from '../config/env';
import type { Db } from '../db/pool';
import type { AlertView, HealthHistory } from '../../shared/contracts/health';
import { listHealthSamples } from './health-samples';

/** Samples a chart shows at most (the newest). */
const CHART_SAMPLES = 240;

const ALERT_COLUMNS = `id::int, rule, severity, message, fired_at AS "firedAt", notified_at AS "notifiedAt", notifications, resolved_at AS "resolvedAt",
  delivery, delivery_attempts AS "deliveryAttempts"`;

type AlertRow = Omit<AlertView, 'firedAt' | 'notifiedAt' | 'resolvedAt'> & { firedAt: Date; notifiedAt: Date; resolvedAt: Date | null };

function toView(row: AlertRow): AlertView {
  return { ...row, firedAt: row.firedAt.toISOString(), notifiedAt: row.notifiedAt.toISOString(), resolvedAt: row.resolvedAt?.toISOString() ?? null };
}

/**
 * `GET /api/health/history`: the monitor's recent samples for the Health page's charts, the active
 * alerts and the last fifty resolved ones, and the rules in force (with the rules file's error, if any).
 */
export async function getHealthHistory(db: Db): Promise<HealthHistory & { rulesError: string | null }> {
  const env = getEnv();
  const [samples, active, past] = await Promise.all([
    listHealthSamples(db, CHART_SAMPLES),
    db.query<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM ferry.alerts WHERE resolved_at IS NULL ORDER BY fired_at DESC`),
    db.query<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM ferry.alerts WHERE resolved_at IS NOT NULL ORDER BY resolved_at DESC LIMIT 50`),
  ]);
  const loaded = loadAlertRules(env);
  return {
    intervalSeconds: env.FERRY_HEALTH_INTERVAL_SECONDS,
    samples,
    alerts: { active: active.rows.map(toView), past: past.rows.map(toView) },
    rules: loaded.rules.map((r) => ({ name: r.name, severity: r.severity, cooldownMs: r.cooldownMs, source: r.source })),
    rulesError: loaded.error,
  };
}
