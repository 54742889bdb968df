import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureConsoleSchema } from '../console-db/console-migrations';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import type { AlertRule } from './alert-rule';
import { evaluateAlerts } from './evaluate-alerts';

/** A real webhook receiver on 127.0.0.1: records every body; answers the queued statuses first, then 200. */
function startReceiver() {
  const received: { body: Record<string, unknown>; raw: string }[] = [];
  const statuses: number[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ raw, body: JSON.parse(raw) as Record<string, unknown> });
      res.writeHead(statuses.shift() ?? 200).end('ok');
    });
  });
  return new Promise<{ url: string; received: typeof received; statuses: number[]; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/secret-path-token`,
      received,
      statuses,
      close: () => new Promise((done) => server.close(() => done())),
    }));
  });
}

let t: TestDatabase;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  t = await createTestDatabase();
  await ensureConsoleSchema(t.db);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.drop();
});
beforeEach(async () => {
  await t.db.query(`DELETE FROM ferry.alerts`);
  receiver.received.length = 0;
});

const latency: AlertRule = {
  name: 'database-latency-high',
  condition: { metric: 'dbLatencyMs', op: '>', value: 500 },
  severity: 'high',
  // A careless rules file: the message names an address, a connection string, a host and an email.
  message: 'Latency {{dbLatencyMs}} ms on postgres://ferry:pw@db.internal:5432/app (10.1.2.3) from ' + os.hostname() + ', tell ops@example.com',
  cooldownMs: 60_000,
};
const at = (ms: number) => new Date(Date.UTC(2030, 0, 1) + ms);
const delivery = { backoffMs: 10 };

describe('alert rules', () => {
  it('fire once per cooldown, retry a failed delivery, and remind after the cooldown while the condition holds', async () => {
    receiver.statuses.push(500); // the first delivery fails; the retry succeeds
    const slow = { dbUp: 1, dbLatencyMs: 900 };
    expect(await evaluateAlerts(t.db, slow, [latency], { now: at(0), webhookUrl: receiver.url, delivery })).toEqual({ fired: [latency.name], notified: [latency.name], resolved: [] });
    expect(receiver.received).toHaveLength(2);
    const { rows } = await t.db.query(`SELECT delivery, delivery_attempts, notifications, resolved_at FROM ferry.alerts`);
    expect(rows).toEqual([{ delivery: 'delivered', delivery_attempts: 2, notifications: 1, resolved_at: null }]);

    // Still slow within the cooldown: the alert stays active, nobody is paged again.
    for (const ms of [15_000, 30_000, 59_999]) expect((await evaluateAlerts(t.db, slow, [latency], { now: at(ms), webhookUrl: receiver.url, delivery })).notified).toEqual([]);
    expect(receiver.received).toHaveLength(2);
    // The cooldown has passed and it still holds: one reminder.
    expect((await evaluateAlerts(t.db, slow, [latency], { now: at(60_000), webhookUrl: receiver.url, delivery })).notified).toEqual([latency.name]);
    expect(receiver.received).toHaveLength(3);
    expect((receiver.received[2]?.body.ferry as { notifications: number }).notifications).toBe(2);
  });

  it('resolve when the condition stops holding, and a flapping condition does not page again within the cooldown', async () => {
    await evaluateAlerts(t.db, { dbLatencyMs: 900 }, [latency], { now: at(0), webhookUrl: receiver.url, delivery });
    expect((await evaluateAlerts(t.db, { dbLatencyMs: 20 }, [latency], { now: at(5_000), webhookUrl: receiver.url, delivery })).resolved).toEqual([latency.name]);
    const again = await evaluateAlerts(t.db, { dbLatencyMs: 900 }, [latency], { now: at(10_000), webhookUrl: receiver.url, delivery });
    expect(again).toEqual({ fired: [latency.name], notified: [], resolved: [] }); // active again, but within the cooldown
    expect(receiver.received).toHaveLength(1);
    const { rows } = await t.db.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE resolved_at IS NULL)::int AS active FROM ferry.alerts`);
    expect(rows[0]).toEqual({ n: 2, active: 1 });
    // Once the cooldown since the last notice has passed, the still-active alert notifies.
    expect((await evaluateAlerts(t.db, { dbLatencyMs: 900 }, [latency], { now: at(60_000), webhookUrl: receiver.url, delivery })).notified).toEqual([latency.name]);
    expect(receiver.received).toHaveLength(2);
  });

  it('send a Slack-compatible payload with no secret, address, host name or email in it', async () => {
    await evaluateAlerts(t.db, { dbLatencyMs: 812 }, [latency], { now: at(0), webhookUrl: receiver.url, delivery });
    const [{ body, raw }] = receiver.received as [{ body: Record<string, unknown>; raw: string }];
    expect(body.text).toEqual(expect.stringContaining('database-latency-high'));
    expect(body.text).toEqual(expect.stringContaining('812 ms'));
    for (const secret of ['postgres://', 'pw@', 'db.internal', '10.1.2.3', os.hostname(), 'ops@example.com', 'secret-path-token']) expect(raw).not.toContain(secret);
  });

  it('record a failed delivery after the last retry, without the webhook URL', async () => {
    receiver.statuses.push(503, 503, 503);
    await evaluateAlerts(t.db, { dbLatencyMs: 900 }, [latency], { now: at(0), webhookUrl: receiver.url, delivery });
    expect(receiver.received).toHaveLength(3);
    const { rows } = await t.db.query(`SELECT delivery, delivery_attempts, delivery_error FROM ferry.alerts`);
    expect(rows).toEqual([{ delivery: 'failed', delivery_attempts: 3, delivery_error: 'HTTP 503' }]);
  });

  it('a condition over a metric the sample lacks does not hold', async () => {
    expect((await evaluateAlerts(t.db, { dbUp: 1 }, [latency], { now: at(0) })).fired).toEqual([]);
  });
});
