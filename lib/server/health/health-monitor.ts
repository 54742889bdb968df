import type { PoolClient } from 'pg';
import { evaluateAlerts } from '../alerts/evaluate-alerts';
import type { DeliveryOptions } from '../alerts/deliver-webhook';
import { loadAlertRules } from '../alerts/load-alert-rules';
import { getEnv } from '../config/env';
import { locks, tryLock, unlock } from '../db/advisory-locks';
import type { Db } from '../db/pool';
import { getLogger } from '../log/logger';
import { getDetailedHealth } from './get-detailed-health';
import { healthMetrics } from './health-metrics';
import { recordHealthSample } from './health-samples';

export type MonitorOptions = { intervalSeconds?: number; keep?: number; webhookUrl?: string; delivery?: DeliveryOptions };
export type HealthMonitor = { isLeader(): boolean; tick(): Promise<void>; stop(): Promise<void> };

/**
 * One sample: the detailed health reduced to metrics, stored (history pruned to `keep`), and every alert
 * rule evaluated against it (webhook notices included). Exported for tests and the monitor's loop.
 */
export async function monitorTick(db: Db, options: { keep: number; webhookUrl?: string; delivery?: DeliveryOptions; now?: Date }): Promise<void> {
  const metrics = healthMetrics(await getDetailedHealth(db));
  if (metrics.dbUp !== 1) return; // nowhere to record it; /api/health says the database is down
  await recordHealthSample(db, metrics, options.keep, options.now);
  await evaluateAlerts(db, metrics, loadAlertRules().rules, { now: options.now, webhookUrl: options.webhookUrl, delivery: options.delivery });
}

/**
 * The health monitor of a server process: every `intervalSeconds` (FERRY_HEALTH_INTERVAL_SECONDS) it
 * samples and evaluates the alert rules — but only while it leads: one process per database holds the
 * monitor's advisory lock on a session of its own, so two servers never double-alert, and when the
 * leader dies its lock dies with its connection and another server takes over at its next tick.
 */
export function startHealthMonitor(db: Db, options: MonitorOptions = {}): HealthMonitor {
  const env = getEnv();
  const interval = (options.intervalSeconds ?? env.FERRY_HEALTH_INTERVAL_SECONDS) * 1000;
  const keep = options.keep ?? env.FERRY_HEALTH_HISTORY;
  const log = getLogger().child({ component: 'health-monitor' });
  let leader: PoolClient | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const lead = async (): Promise<boolean> => {
    if (leader) {
      // A leader whose session died (a database restart) lost its lock with it: take it again, or give way.
      const alive = await leader.query('SELECT 1').then(() => true, () => false);
      if (alive) return true;
      leader.release(true);
      leader = null;
    }
    const client = await db.connect();
    client.on('error', () => undefined);
    if (await tryLock(client, locks.healthMonitor()).catch(() => false)) {
      leader = client;
      log.info('leading the health monitor for this database');
      return true;
    }
    client.release();
    return false;
  };
  const tick = async () => {
    try {
      if (!(await lead())) return;
      await monitorTick(db, { keep, webhookUrl: options.webhookUrl ?? env.ALERT_WEBHOOK_URL, delivery: options.delivery });
    } catch (error) {
      log.warn({ err: error }, 'health monitor tick failed');
    }
  };
  const loop = () => {
    running = tick().then(() => {
      if (!stopped && interval > 0) (timer = setTimeout(loop, interval)).unref();
    });
  };
  if (interval > 0) loop();
  return {
    isLeader: () => leader !== null,
    tick: () => (running = running.then(tick)),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      if (leader) {
        await unlock(leader, locks.healthMonitor()).catch(() => undefined);
        leader.release();
        leader = null;
      }
    },
  };
}
