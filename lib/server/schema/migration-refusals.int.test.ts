import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { migrateUp, rollbackMigrations } from '../migrator/run-migrations';
import type { Migration, MigrationSet } from '../migrator/types';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { createNileLint } from './nile-lint';
import { createSchemaMigrationSet, schemaMigrationList } from './schema-migrations';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

function fixture(id: string, up: string[], down: string[] = []): Migration {
  return {
    id, name: `fixture ${id}`,
    up: async (db) => { for (const sql of up) await db.query(sql); },
    down: async (db) => { for (const sql of down) await db.query(sql); },
  };
}

function fixtureSet(name: string, migrations: Migration[]): MigrationSet {
  return { name, migrations, lint: createNileLint(migrations) };
}

async function ledger(setName: string): Promise<string[]> {
  const { rows } = await t.superDb.query<{ id: string }>(`SELECT id FROM ferry.schema_ledger WHERE set_name = $1 ORDER BY id`, [setName]);
  return rows.map((r) => r.id);
}

const table = (name: string) => fixture(`0001_${name}`, [`CREATE TABLE ${name} (id uuid PRIMARY KEY)`], [`DROP TABLE ${name}`]);

describe('the migrator refuses a ledger that disagrees with the files', () => {
  it('an edited migration (same id, changed SQL) is refused, naming it', async () => {
    const second = fixture('0002_edit_b', [`CREATE TABLE edit_b (id uuid PRIMARY KEY)`], [`DROP TABLE edit_b`]);
    await migrateUp(t.db, fixtureSet('fx_edit', [table('edit_a'), second]), { actor: 'test' });
    const edited = fixture('0002_edit_b', [`CREATE TABLE edit_b (id uuid PRIMARY KEY, note text)`], [`DROP TABLE edit_b`]);
    const extra = fixture('0003_edit_c', [`CREATE TABLE edit_c (id uuid PRIMARY KEY)`]);
    const attempt = migrateUp(t.db, fixtureSet('fx_edit', [table('edit_a'), edited, extra]), { actor: 'test' });
    await expect(attempt).rejects.toThrow(/Migration 0002_edit_b was edited after it was applied .*Revert the edit and put the change in a new migration/);
    expect(await ledger('fx_edit')).toEqual(['0001_edit_a', '0002_edit_b']);
    expect((await t.superDb.query(`SELECT to_regclass('edit_c') AS t`)).rows[0].t).toBeNull();
  });

  it('a missing migration (ledger row whose file is gone) is refused, naming it', async () => {
    const second = fixture('0002_gone', [`CREATE TABLE gone_b (id uuid PRIMARY KEY)`]);
    await migrateUp(t.db, fixtureSet('fx_missing', [table('gone_a'), second]), { actor: 'test' });
    const attempt = migrateUp(t.db, fixtureSet('fx_missing', [table('gone_a'), fixture('0003_after', [`CREATE TABLE gone_c (id uuid)`])]), { actor: 'test' });
    await expect(attempt).rejects.toThrow(/Migration 0002_gone \(fixture 0002_gone\) was applied on .* but its file is missing\. Restore the file/);
    await expect(rollbackMigrations(t.db, fixtureSet('fx_missing', [table('gone_a')]), { actor: 'test' })).rejects.toThrow(/0002_gone/);
    expect(await ledger('fx_missing')).toEqual(['0001_gone_a', '0002_gone']);
  });

  it('a new migration that sorts before an applied one is refused, naming both', async () => {
    const third = fixture('0003_order_c', [`CREATE TABLE order_c (id uuid PRIMARY KEY)`]);
    await migrateUp(t.db, fixtureSet('fx_order', [table('order_a'), third]), { actor: 'test' });
    const late = fixture('0002_order_b', [`CREATE TABLE order_b (id uuid PRIMARY KEY)`]);
    const attempt = migrateUp(t.db, fixtureSet('fx_order', [table('order_a'), late, third]), { actor: 'test' });
    await expect(attempt).rejects.toThrow(/Migration 0002_order_b is new but sorts before the applied 0003_order_c\. Rename it with an id after 0003_order_c/);
    expect((await t.superDb.query(`SELECT to_regclass('order_b') AS t`)).rows[0].t).toBeNull();
  });

  it('a migration with a Nile-lint error is refused before anything runs', async () => {
    const bad = fixture('0002_lint_fn', [`CREATE TABLE lint_t (tenant_id uuid NOT NULL REFERENCES tenants (id), id serial, PRIMARY KEY (tenant_id, id))`]);
    const attempt = migrateUp(t.db, fixtureSet('fx_lint', [table('lint_a'), bad]), { actor: 'test' });
    await expect(attempt).rejects.toThrow(/Nile-compatibility error\(s\), first: 0002_lint_fn: 0002_lint_fn, statement 1: Column public\.lint_t\.id is backed by a sequence/);
    expect(await ledger('fx_lint')).toEqual([]);
  });
});

describe('a failing migration', () => {
  it('leaves no trace of its partial work; the ledger holds only the migrations before it', async () => {
    const good = fixture('0001_fail_good', [`CREATE TABLE fail_a (id uuid PRIMARY KEY)`]);
    const bad = fixture('0002_fail_bad', [
      `CREATE TABLE fail_b (id uuid PRIMARY KEY)`,
      `INSERT INTO fail_a (id) VALUES (gen_random_uuid())`,
      `INSERT INTO fail_b (id) SELECT id FROM no_such_table`,
    ]);
    const third = fixture('0003_fail_never', [`CREATE TABLE fail_c (id uuid PRIMARY KEY)`]);
    const result = await migrateUp(t.db, fixtureSet('fx_fail', [good, bad, third]), { actor: 'test' });
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => [s.id, s.ok])).toEqual([['0001_fail_good', true], ['0002_fail_bad', false]]);
    expect(result.steps[1]?.error).toMatch(/no_such_table/);
    const { rows } = await t.superDb.query(`SELECT to_regclass('fail_b') AS b, to_regclass('fail_c') AS c, (SELECT count(*)::int FROM fail_a) AS a_rows`);
    expect(rows[0]).toEqual({ b: null, c: null, a_rows: 0 });
    expect(await ledger('fx_fail')).toEqual(['0001_fail_good']);
  });
});

describe('two concurrent migrators', () => {
  it('one fails fast naming the holder, the other applies everything', async () => {
    const base = createSchemaMigrationSet({ emulateNile: true });
    // Each migration holds the lock a little longer, so the loser surely arrives while it is held.
    const slow: MigrationSet = { ...base, afterUp: async (db) => { await base.afterUp?.(db); await db.query('SELECT pg_sleep(0.15)'); } };
    const run = async (actor: string) => {
      const started = performance.now();
      try {
        return { actor, result: await migrateUp(t.db, slow, { actor }), ms: performance.now() - started };
      } catch (error) {
        return { actor, error, ms: performance.now() - started };
      }
    };
    const outcomes = await Promise.all([run('cli:alpha'), run('cli:beta')]);
    const winner = outcomes.find((o) => o.result !== undefined);
    const loser = outcomes.find((o) => o.error !== undefined);
    expect(winner?.result?.steps.map((s) => [s.id, s.ok])).toEqual(schemaMigrationList.map((m) => [m.id, true]));
    expect(loser?.error).toBeInstanceOf(AppError);
    expect((loser?.error as AppError).code).toBe('conflict');
    expect((loser?.error as Error).message).toMatch(new RegExp(`^Cannot migrate: another migration is running since \\d\\d:\\d\\d UTC, held by ${winner?.actor}, pid \\d+\\. Wait for it to finish, or stop it\\.$`));
    expect(loser?.ms).toBeLessThan(1000);
    expect(winner?.ms).toBeGreaterThan(4 * 150);
    const { rows } = await t.superDb.query(`SELECT DISTINCT applied_by FROM ferry.schema_ledger WHERE set_name = 'schema'`);
    expect(rows).toEqual([{ applied_by: winner?.actor }]);
  });
});
