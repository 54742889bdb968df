import type { Db } from '../db/pool';
import { getLogger } from '../log/logger';
import type { HealthMetrics } from '../../shared/contracts/health';
import { holds, renderMessage, type AlertRule } from './alert-rule';
import { alertPayload } from './alert-payload';
import { deliverWebhook, type DeliveryOptions } from './deliver-webhook';

export type EvaluateOptions = {
  /** The evaluation's time (tests move it forward to cross a cooldown). Default: now. */
  now?: Date;
  webhookUrl?: string;
  delivery?: DeliveryOptions;
};

export type Evaluation = { fired: string[]; notified: string[]; resolved: string[] };

/** Alert rows kept (the newest; active ones are never pruned). */
const KEPT_ALERTS = 1000;

/** Delivers one notice and records how it went on the alert row. */
async function notify(db: Db, id: number, rule: AlertRule, message: string, firedAt: Date, notifications: number, options: EvaluateOptions): Promise<void> {
  if (!options.webhookUrl) return;
  await db.query(`UPDATE ferry.alerts SET delivery = 'pending' WHERE id = $1`, [id]);
  const result = await deliverWebhook(options.webhookUrl, alertPayload({ rule: rule.name, severity: rule.severity, message, firedAt, notifications }), options.delivery);
  await db.query(`UPDATE ferry.alerts SET delivery = $2, delivery_attempts = delivery_attempts + $3, delivery_error = $4 WHERE id = $1`,
    [id, result.ok ? 'delivered' : 'failed', result.attempts, result.error]);
  if (!result.ok) getLogger().warn({ rule: rule.name, attempts: result.attempts, error: result.error }, 'alert webhook not delivered');
}

/**
 * Evaluates every rule against one sample, keeping at most one active alert per rule (a unique index):
 * a rule whose condition starts to hold fires (a new active alert); one that keeps holding stays active;
 * one that no longer holds is resolved. A rule notifies — webhook, with retries — at most once per
 * `cooldownMs`, counted from its last notice (a flapping condition does not page again within the
 * cooldown; one that keeps holding reminds once per cooldown). Run by the monitor's leader only.
 */
export async function evaluateAlerts(db: Db, metrics: Partial<HealthMetrics>, rules: AlertRule[], options: EvaluateOptions = {}): Promise<Evaluation> {
  const now = options.now ?? new Date();
  const result: Evaluation = { fired: [], notified: [], resolved: [] };
  for (const rule of rules) {
    const isFiring = holds(rule.condition, metrics);
    const { rows } = await db.query<{ activeId: number | null; lastNotice: Date | null }>(
      `SELECT (SELECT id::int FROM ferry.alerts WHERE rule = $1 AND resolved_at IS NULL) AS "activeId",
              (SELECT max(notified_at) FROM ferry.alerts WHERE rule = $1 AND notifications > 0) AS "lastNotice"`,
      [rule.name],
    );
    const activeId = rows[0]?.activeId ?? null;
    const lastNotice = rows[0]?.lastNotice ?? null;
    if (!isFiring) {
      if (activeId !== null) {
        await db.query(`UPDATE ferry.alerts SET resolved_at = $2 WHERE id = $1`, [activeId, now]);
        result.resolved.push(rule.name);
      }
      continue;
    }
    const message = renderMessage(rule, metrics);
    const isDue = lastNotice === null || now.getTime() - lastNotice.getTime() >= rule.cooldownMs;
    if (activeId === null) {
      const inserted = await db.query<{ id: number }>(
        `INSERT INTO ferry.alerts (rule, severity, message, fired_at, notified_at, notifications) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (rule) WHERE resolved_at IS NULL DO NOTHING RETURNING id::int`,
        [rule.name, rule.severity, message, now, isDue ? now : lastNotice, isDue ? 1 : 0],
      );
      const id = inserted.rows[0]?.id;
      if (id === undefined) continue; // another evaluator fired it first
      result.fired.push(rule.name);
      if (isDue) {
        result.notified.push(rule.name);
        await notify(db, id, rule, message, now, 1, options);
      }
      continue;
    }
    if (!isDue) continue;
    const updated = await db.query<{ notifications: number; firedAt: Date }>(
      `UPDATE ferry.alerts SET notified_at = $2, notifications = notifications + 1, message = $3 WHERE id = $1 RETURNING notifications, fired_at AS "firedAt"`,
      [activeId, now, message],
    );
    const row = updated.rows[0];
    if (!row) continue;
    result.notified.push(rule.name);
    await notify(db, activeId, rule, message, row.firedAt, row.notifications, options);
  }
  await db.query(`DELETE FROM ferry.alerts WHERE resolved_at IS NOT NULL AND id < (SELECT min(id) FROM (SELECT id FROM ferry.alerts ORDER BY id DESC LIMIT $1) newest)`, [KEPT_ALERTS]);
  return result;
}
