import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleSchema } from '../console-db/console-migrations';
import { ensureEngineTables } from '../migration/target-tables/target-tables';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { getDetailedHealth } from './get-detailed-health';
import { getHealthHistory } from './get-health-history';
import { monitorTick, startHealthMonitor } from './health-monitor';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await ensureConsoleSchema(t.db);
  await ensureEngineTables(t.db);
});
afterAll(async () => t.drop());

describe('detailed health', () => {
  it('reports the target, pool, connections, workers, legacy directory, disk and the last run', async () => {
    await t.db.query(`INSERT INTO ferry.workers (id, pid, host, kinds) VALUES (gen_random_uuid(), 4242, 'worker-host', '{collection}')`);
    const health = await getDetailedHealth(t.db);
    expect(health.database).toMatchObject({ up: true, serverVersion: expect.stringMatching(/^18/), latencyMs: expect.any(Number) });
    expect(health.pool.max).toBe(8);
    expect(health.connections?.total).toBeGreaterThan(0);
    expect(health.workers).toEqual([expect.objectContaining({ pid: 4242, host: 'worker-host', state: 'alive', kinds: ['collection'] })]);
    expect(health.disk?.totalBytes).toBeGreaterThan(0);
    expect(health.lastRun).toBeNull();
    expect(health.lastValidation).toBeNull();
    expect(health.adapter.mode).toBe('legacy');
  });
});

describe('the health monitor', () => {
  it('has one leader per database, which holds the monitor lock', async () => {
    const first = startHealthMonitor(t.db, { intervalSeconds: 0, keep: 10 });
    const second = startHealthMonitor(t.db, { intervalSeconds: 0, keep: 10 });
    try {
      await Promise.all([first.tick(), second.tick()]);
      expect([first.isLeader(), second.isLeader()].filter(Boolean)).toHaveLength(1);
      const health = await getDetailedHealth(t.db);
      expect(health.locks).toEqual(expect.arrayContaining([expect.objectContaining({ lock: 'monitor', name: 'leader', granted: true })]));
      // The leader stops: the other takes over at its next tick.
      const [leader, follower] = first.isLeader() ? [first, second] : [second, first];
      await leader.stop();
      await follower.tick();
      expect(follower.isLeader()).toBe(true);
    } finally {
      await first.stop();
      await second.stop();
    }
  });

  it('keeps a bounded history and fires the built-in rule when a worker stops beating during a run', async () => {
    await t.db.query(`DELETE FROM ferry.workers`);
    await t.db.query(`INSERT INTO ferry.workers (id, pid, host, kinds, heartbeat_at) VALUES (gen_random_uuid(), 7, 'h', '{collection}', now() - interval '1 minute')`);
    const { rows } = await t.db.query(`INSERT INTO ferry.migration_runs (state, legacy_dir, settings, created_by, started_at) VALUES ('running', '/x', '{}', 'test', now()) RETURNING id`);
    try {
      for (let i = 0; i < 5; i += 1) await monitorTick(t.db, { keep: 3 });
      const history = await getHealthHistory(t.db);
      expect(history.samples).toHaveLength(3);
      expect(history.samples.at(-1)?.metrics).toMatchObject({ dbUp: 1, runLoading: 1, workersAlive: 0, workersLate: 1 });
      expect(history.alerts.active.find((a) => a.rule === 'worker-heartbeat-lost')).toMatchObject({ severity: 'critical', notifications: 1, delivery: 'none' });
      expect(history.rules.map((r) => r.name)).toEqual(expect.arrayContaining(['worker-heartbeat-lost', 'throughput-low', 'validation-critical', 'shadow-mismatch-high', 'database-latency-high', 'disk-low']));
    } finally {
      await t.db.query(`DELETE FROM ferry.migration_runs WHERE id = $1`, [rows[0].id]);
    }
    await monitorTick(t.db, { keep: 3 });
    const after = await getHealthHistory(t.db);
    expect(after.alerts.active.map((a) => a.rule)).not.toContain('worker-heartbeat-lost');
    expect(after.alerts.past.map((a) => a.rule)).toContain('worker-heartbeat-lost');
  });
});
