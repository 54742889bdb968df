import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getEnv } from '../config/env';
import { holds, renderMessage, type AlertRule, type Condition } from './alert-rule';
import { alertPayload, scrub } from './alert-payload';
import { loadAlertRules } from './load-alert-rules';

const env = (overrides: Record<string, unknown>) => ({ ...getEnv(), ...overrides });

function rulesFile(content: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-rules-')), 'rules.json');
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('alert conditions', () => {
  it('compare sampled metrics, combine with all/any, and need the metric to be there', () => {
    const c: Condition = { all: [{ metric: 'runLoading', op: '==', value: 1 }, { any: [{ metric: 'workersAlive', op: '==', value: 0 }, { metric: 'workersLate', op: '>', value: 0 }] }] };
    expect(holds(c, { runLoading: 1, workersAlive: 0, workersLate: 0 })).toBe(true);
    expect(holds(c, { runLoading: 1, workersAlive: 2, workersLate: 1 })).toBe(true);
    expect(holds(c, { runLoading: 1, workersAlive: 2, workersLate: 0 })).toBe(false);
    expect(holds(c, { runLoading: 0, workersAlive: 0 })).toBe(false);
    expect(holds({ metric: 'diskFreeRatio', op: '<', value: 0.05 }, {})).toBe(false);
  });
  it('fill {{metric}} placeholders with formatted numbers only', () => {
    const rule = { message: '{{shadowMismatchRate}} of {{shadowCompared}} differ; {{nope}}' } as AlertRule;
    expect(renderMessage(rule, { shadowMismatchRate: 0.025, shadowCompared: 200 })).toBe('2.5% of 200 differ; {{nope}}');
  });
});

describe('the rules file', () => {
  it('adds rules, replaces a built-in of the same name and switches built-ins off', () => {
    const file = rulesFile({
      rules: [
        { name: 'pool-starved', condition: { metric: 'poolWaiting', op: '>', value: 0 }, severity: 'high', message: 'waiting', cooldownMs: 60_000 },
        { name: 'disk-low', condition: { metric: 'diskFreeRatio', op: '<', value: 0.2 }, severity: 'critical', message: 'disk', cooldownMs: 60_000 },
      ],
      disable: ['throughput-low'],
    });
    const { rules, error } = loadAlertRules(env({ FERRY_ALERT_RULES_FILE: file }));
    expect(error).toBeNull();
    const byName = new Map(rules.map((r) => [r.name, r]));
    expect(byName.get('pool-starved')?.source).toBe('config');
    expect(byName.get('disk-low')).toMatchObject({ source: 'config', severity: 'critical' });
    expect(byName.has('throughput-low')).toBe(false);
    expect(byName.get('worker-heartbeat-lost')?.source).toBe('built-in');
  });
  it('is data, not code: a mistake leaves the built-in rules working and says where', () => {
    const file = rulesFile({ rules: [{ name: 'x', condition: { metric: 'process.exit()', op: '>', value: 0 }, severity: 'high', message: 'm', cooldownMs: 60_000 }] });
    const { rules, error } = loadAlertRules(env({ FERRY_ALERT_RULES_FILE: file }));
    expect(error).toMatch(/rules\.0\.condition/);
    expect(rules.every((r) => r.source === 'built-in')).toBe(true);
    expect(loadAlertRules(env({ FERRY_ALERT_RULES_FILE: rulesFile('{ not json') })).error).toMatch(/not used/);
  });
});

describe('the webhook payload', () => {
  it('is Slack-compatible and scrubbed of emails, URLs, addresses, tokens and the host name', () => {
    expect(scrub(`ops@example.com at https://db.internal:5432/x from 10.0.0.7 on ${os.hostname()} fry_${'a'.repeat(43)}`)).toBe('[email] at [url] from [address] on [host] [token]');
    const payload = alertPayload({ rule: 'disk-low', severity: 'high', message: 'disk', firedAt: new Date(0), notifications: 2 });
    expect(payload).toMatchObject({ text: expect.stringContaining('disk-low'), ferry: { rule: 'disk-low', severity: 'high', notifications: 2 } });
    expect(payload.text).toContain('still firing');
  });
});
