import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../audit/record-audit';
import { ensureConsoleSchema } from '../../console-db/console-migrations';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database';
import { listRunLogs } from './list-run-logs';

let t: TestDatabase;
let runId = '';
const T0 = Date.UTC(2030, 0, 1);
const iso = (s: number) => new Date(T0 + s * 1000).toISOString();
const session = (email: string) => ({ kind: 'session' as const, userId: null, email, name: email, level: 1 as const });

beforeAll(async () => {
  t = await createTestDatabase();
  await ensureConsoleSchema(t.db);
  runId = (await t.db.query(`INSERT INTO ferry.migration_runs (state, legacy_dir, settings, created_by) VALUES ('completed', '/x', '{}', 'a') RETURNING id`)).rows[0].id;
  for (const [s, level, collection, message] of [[1, 'info', 'leads', 'leads loaded'], [3, 'error', 'inbox-messages', 'corrupt line'], [5, 'info', null, 'run completed']] as const) {
    await t.db.query(`INSERT INTO ferry.run_events (run_id, at, level, message, collection) VALUES ($1, $2, $3, $4, $5)`, [runId, iso(s), level, message, collection]);
  }
  await recordAudit(t.db, { actor: session('alice@ferry.test'), action: 'migration.start', outcome: 'success', status: 202 });
  await recordAudit(t.db, { actor: session('bob@ferry.test'), action: 'user.create', target: 'user:x', outcome: 'denied', status: 403 });
  await recordAudit(t.db, { actor: null, email: 'mallory_%@evil.test', action: 'auth.login', outcome: 'failure', status: 401 });
  await t.db.query(`UPDATE ferry.audit_log SET at = $1 WHERE action = 'migration.start'`, [iso(2)]);
  await t.db.query(`UPDATE ferry.audit_log SET at = $1 WHERE action = 'user.create'`, [iso(4)]);
  await t.db.query(`UPDATE ferry.audit_log SET at = $1 WHERE action = 'auth.login'`, [iso(6)]);
});
afterAll(async () => t.drop());

const messages = async (query: Parameters<typeof listRunLogs>[1]) => (await listRunLogs(t.db, query)).entries.map((e) => e.message);

describe('the logs: run events and the audit trail together', () => {
  it('merges both newest first, the whole audit trail included', async () => {
    expect(await messages({})).toEqual(['auth.login', 'run completed', 'user.create user:x', 'corrupt line', 'migration.start', 'leads loaded']);
  });
  it('filters by actor, action, outcome, level, collection and time', async () => {
    expect(await messages({ actor: 'ALICE' })).toEqual(['migration.start']);
    expect(await messages({ actor: '_%' })).toEqual(['auth.login']); // matched literally, not as wildcards
    expect(await messages({ action: 'user.' })).toEqual(['user.create user:x']);
    expect(await messages({ outcome: 'denied' })).toEqual(['user.create user:x']);
    expect(await messages({ level: 'error' })).toEqual(['auth.login', 'corrupt line']);
    expect(await messages({ collection: 'leads' })).toEqual(['leads loaded']);
    expect(await messages({ runId, level: 'info' })).toEqual(['run completed', 'leads loaded']);
    expect(await messages({ from: iso(2), to: iso(5) })).toEqual(['user.create user:x', 'corrupt line', 'migration.start']);
    expect(await messages({ source: 'events' })).toEqual(['run completed', 'corrupt line', 'leads loaded']);
  });
  it('pages with the before cursor without losing or repeating an entry', async () => {
    const seen: string[] = [];
    let before: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const logs = await listRunLogs(t.db, { limit: 2, before });
      seen.push(...logs.entries.map((e) => e.message));
      if (!logs.nextBefore) break;
      before = logs.nextBefore;
    }
    expect(seen).toEqual(await messages({}));
  });
});
