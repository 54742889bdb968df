import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import type { SchemaRunFailureDetails } from '../../shared/contracts/schema';
import type { Actor } from '../auth/actor';
import { ensureLedger } from '../migrator/ledger';
import { acquireMigrationLock, recordLockHolder, releaseMigrationLock } from '../migrator/lock';
import type { Migration, MigrationSet } from '../migrator/types';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { getSchemaOverview, migrateSchema, rollbackSchema } from './schema-actions';
import { createNileLint } from './nile-lint';
import { createSchemaMigrationSet, schemaMigrationList } from './schema-migrations';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const admin: Actor = { kind: 'token', userId: null, email: 'admin@ferry.test', name: 'Admin', level: 1 };
const set = createSchemaMigrationSet({ emulateNile: true });
const ids = schemaMigrationList.map((m) => m.id);

async function thrown(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

function fixture(id: string, up: string[], down: string[] = []): Migration {
  return {
    id, name: `fixture ${id}`,
    up: async (db) => { for (const sql of up) await db.query(sql); },
    down: async (db) => { for (const sql of down) await db.query(sql); },
  };
}

describe('the Schema page and API services', () => {
  it('an untouched database shows every migration pending, lint clean, no problems, no lock', async () => {
    const overview = await getSchemaOverview(t.db, set);
    expect(overview.applied).toEqual([]);
    expect(overview.pending.map((p) => p.id)).toEqual(ids);
    expect(overview.pending.every((p) => /^[0-9a-f]{12}$/.test(p.checksum) && !p.isOutOfOrder)).toBe(true);
    expect(overview).toMatchObject({ set: 'schema', problems: [], lint: { errors: 0, warnings: 0, findings: [] }, lock: null });
  });

  it('a dry run returns the SQL of every pending migration and changes nothing', async () => {
    const before = await getSchemaOverview(t.db, set);
    const plan = await migrateSchema(t.db, admin, { dryRun: true, set });
    expect(plan).toMatchObject({ ok: true, dryRun: true, direction: 'up', actor: 'admin@ferry.test' });
    expect(plan.steps.map((s) => s.id)).toEqual(ids);
    expect(plan.steps[0]?.statements.some((s) => s.startsWith('CREATE TABLE companies'))).toBe(true);
    expect(plan.steps.every((s) => s.error === null)).toBe(true);
    const after = await getSchemaOverview(t.db, set);
    expect({ ...after, checkedAt: '' }).toEqual({ ...before, checkedAt: '' });
  });

  it('migrate applies everything as the caller’s email; a second one applies nothing', async () => {
    const run = await migrateSchema(t.db, admin, { set });
    expect(run.steps.map((s) => [s.id, s.ok])).toEqual(ids.map((id) => [id, true]));
    const overview = await getSchemaOverview(t.db, set);
    expect(overview.pending).toEqual([]);
    expect(overview.applied.map((a) => [a.id, a.appliedBy])).toEqual(ids.map((id) => [id, 'admin@ferry.test']));
    expect(overview.applied.every((a) => !Number.isNaN(Date.parse(a.appliedAt)) && a.appliedAt.endsWith('Z'))).toBe(true);
    expect((await migrateSchema(t.db, admin, { set })).steps).toEqual([]);
  });

  it('rollback to an id rolls back it and every later one, newest first; an unknown id is not_found', async () => {
    const plan = await rollbackSchema(t.db, admin, { to: ids[2], dryRun: true, set });
    expect(plan.steps.map((s) => s.id)).toEqual([ids[3], ids[2]]);
    expect((await getSchemaOverview(t.db, set)).applied).toHaveLength(4);
    const run = await rollbackSchema(t.db, admin, { to: ids[2], set });
    expect(run).toMatchObject({ ok: true, dryRun: false, direction: 'down' });
    expect(run.steps.map((s) => s.id)).toEqual([ids[3], ids[2]]);
    expect((await getSchemaOverview(t.db, set)).pending.map((p) => p.id)).toEqual(ids.slice(2));
    expect((await thrown(rollbackSchema(t.db, admin, { to: 'nope', set }))).code).toBe('not_found');
    expect((await rollbackSchema(t.db, admin, { set })).steps.map((s) => s.id)).toEqual([ids[1]]);
    expect((await migrateSchema(t.db, admin, { set })).steps.map((s) => s.id)).toEqual(ids.slice(1));
  });

  it('while another migrator holds the lock: the overview names it, and migrate is refused with the holder in details', async () => {
    const holder = await t.ownerDb.connect(); // migrators connect as the owner role
    try {
      await acquireMigrationLock(holder, 'schema');
      await ensureLedger(holder);
      await recordLockHolder(holder, 'schema', 'ops@ferry.test');
      const overview = await getSchemaOverview(t.db, set);
      expect(overview.lock).toMatchObject({ holder: 'ops@ferry.test', pid: expect.any(Number), since: expect.stringMatching(/Z$/) });
      expect(overview.lock?.heldMs).toBeGreaterThanOrEqual(0);
      const error = await thrown(rollbackSchema(t.db, admin, { set }));
      expect(error.code).toBe('conflict');
      expect(error.message).toMatch(/another migration is running.*held by ops@ferry\.test/);
      expect(error.details).toMatchObject({ lock: { holder: 'ops@ferry.test' } });
    } finally {
      await releaseMigrationLock(holder, 'schema');
      holder.release();
    }
    expect((await getSchemaOverview(t.db, set)).lock).toBeNull();
  });

  it('a failing step is a conflict carrying every step, the failed one named; earlier steps stay applied', async () => {
    const migrations = [
      fixture('0001_ok', ['CREATE TABLE fx_ok (id uuid PRIMARY KEY)'], ['DROP TABLE fx_ok']),
      fixture('0002_bad', ['CREATE TABLE fx_bad (id uuid PRIMARY KEY)', 'SELECT no_such_function()']),
      fixture('0003_never', ['CREATE TABLE fx_never (id uuid PRIMARY KEY)']),
    ];
    const failing: MigrationSet = { name: 'fx_actions', migrations, lint: createNileLint(migrations) };
    const error = await thrown(migrateSchema(t.db, admin, { set: failing }));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/Migration 0002_bad failed: .*no_such_function.*Nothing of it was applied.*1 earlier migration\(s\) were applied/);
    const details = error.details as SchemaRunFailureDetails;
    expect(details.failedStep).toBe('0002_bad');
    expect(details.result.ok).toBe(false);
    expect(details.result.steps.map((s) => [s.id, s.ok])).toEqual([['0001_ok', true], ['0002_bad', false]]);
    expect(details.result.steps[1]?.error).toMatch(/no_such_function/);
    const overview = await getSchemaOverview(t.db, failing);
    expect(overview.applied.map((a) => a.id)).toEqual(['0001_ok']);
    expect((await t.superDb.query(`SELECT to_regclass('fx_bad') AS t`)).rows[0].t).toBeNull();
  });

  it('a Nile lint error refuses the run as unprocessable with the findings, before anything runs', async () => {
    const migrations = [fixture('0001_fn', ['CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql'])];
    const linted: MigrationSet = { name: 'fx_lint', migrations, lint: createNileLint(migrations) };
    const error = await thrown(migrateSchema(t.db, admin, { set: linted, dryRun: true }));
    expect(error.code).toBe('unprocessable');
    expect(error.details).toMatchObject({ findings: [expect.objectContaining({ migrationId: '0001_fn', severity: 'error' })] });
    const overview = await getSchemaOverview(t.db, linted);
    expect(overview.lint.errors).toBeGreaterThan(0);
    expect(overview.applied).toEqual([]);
  });
});
