import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbMigrate, dbRollback, dbStatus } from '../../cli/commands/db';
import { migrateUp, rollbackMigrations } from '../migrator/run-migrations';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { createNileLint, lintMigrationSet } from './nile-lint';
import { createSchemaMigrationSet, schemaMigrationList, TENANT_TABLES } from './schema-migrations';
import { recordSql } from '../migrator/record-sql';

let t: TestDatabase;
const set = createSchemaMigrationSet({ emulateNile: true });
const ids = schemaMigrationList.map((m) => m.id);
const actor = 'test:schema';

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

/** Tables with a tenant_id column outside Nile's own `users` schema, i.e. the ones migrations create. */
async function tenantTables(): Promise<string[]> {
  const { rows } = await t.superDb.query<{ name: string }>(`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
     WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY 1`);
  return rows.map((r) => r.name);
}

async function ledgerIds(): Promise<string[]> {
  const { rows } = await t.superDb.query<{ id: string }>(`SELECT id FROM ferry.schema_ledger WHERE set_name = 'schema' ORDER BY id`);
  return rows.map((r) => r.id);
}

/** Everything a migration could touch: tables, indexes, policies and the ledger. */
async function snapshot(): Promise<unknown> {
  const objects = await t.superDb.query(`SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'users', 'ferry') ORDER BY 1, 2`);
  const policies = await t.superDb.query(`SELECT polname, polrelid::regclass::text AS rel FROM pg_policy ORDER BY 2, 1`);
  const ledger = await t.superDb.query(`SELECT to_regclass('ferry.schema_ledger') IS NOT NULL AS present`);
  const rows = ledger.rows[0]?.present ? (await t.superDb.query(`SELECT set_name, id, checksum FROM ferry.schema_ledger ORDER BY 1, 2`)).rows : [];
  return { objects: objects.rows, policies: policies.rows, rows };
}

describe('the target schema migrations', () => {
  it('full up creates the 11 tenant tables with Nile isolation; full down leaves none; up again works', async () => {
    const up = await migrateUp(t.db, set, { actor });
    expect(up.ok).toBe(true);
    expect(up.steps.map((s) => s.id)).toEqual(ids);
    expect(await tenantTables()).toEqual([...TENANT_TABLES].sort());
    const { rows: rls } = await t.superDb.query(`SELECT c.relname FROM pg_class c JOIN pg_policy p ON p.polrelid = c.oid
      WHERE p.polname = 'nile_tenant_isolation' AND c.relrowsecurity AND c.relforcerowsecurity AND c.relnamespace = 'public'::regnamespace`);
    expect(rls.map((r) => r.relname).sort()).toEqual([...TENANT_TABLES].sort());
    expect(await ledgerIds()).toEqual(ids);

    const down = await rollbackMigrations(t.db, set, { actor, to: ids[0] });
    expect(down.ok).toBe(true);
    expect(down.steps.map((s) => s.id)).toEqual([...ids].reverse());
    expect(await tenantTables()).toEqual([]);
    expect(await ledgerIds()).toEqual([]);

    const again = await migrateUp(t.db, set, { actor });
    expect(again.steps.map((s) => [s.id, s.ok])).toEqual(ids.map((id) => [id, true]));
    expect(await tenantTables()).toHaveLength(11);
  });

  it('rolling back a specific id rolls back it and every later one only; no id rolls back the last', async () => {
    const result = await rollbackMigrations(t.db, set, { actor, to: '0003_crm_campaigns' });
    expect(result.steps.map((s) => s.id)).toEqual(['0004_inbox', '0003_crm_campaigns']);
    expect(await ledgerIds()).toEqual(['0001_core_entities', '0002_email_infrastructure']);
    expect(await tenantTables()).toEqual(['companies', 'company_settings', 'domains', 'email_accounts', 'email_services', 'payments', 'team_members']);

    const last = await rollbackMigrations(t.db, set, { actor });
    expect(last.steps.map((s) => s.id)).toEqual(['0002_email_infrastructure']);
    expect(await ledgerIds()).toEqual(['0001_core_entities']);

    await expect(rollbackMigrations(t.db, set, { actor, to: '0004_inbox' })).rejects.toThrow(/0004_inbox is not applied/);
    expect((await migrateUp(t.db, set, { actor })).steps.map((s) => s.id)).toEqual(ids.slice(1));
  });

  it('the Nile linter passes the real schema, as a whole and through the set’s hook', async () => {
    expect(await lintMigrationSet(schemaMigrationList)).toEqual([]);
    const hook = createNileLint(schemaMigrationList);
    for (const migration of schemaMigrationList) expect(await hook(migration, await recordSql(migration, 'up'))).toEqual([]);
  });

  it('without emulation the set adds no isolation hook (Nile forbids CREATE POLICY)', () => {
    expect(createSchemaMigrationSet({ emulateNile: false }).afterUp).toBeUndefined();
    expect(set.afterUp).toBeTypeOf('function');
  });
});

describe('the db CLI commands', () => {
  it('`db migrate --dry-run` prints the SQL of every pending migration and changes nothing', async () => {
    await rollbackMigrations(t.db, set, { actor, to: '0002_email_infrastructure' });
    const before = await snapshot();
    const lines: string[] = [];
    await dbMigrate(t.db, { dryRun: true }, { set, actor, print: (line) => lines.push(line) });
    const output = lines.join('\n');
    expect(output).toMatch(/-- apply 0002_email_infrastructure/);
    expect(output).toMatch(/-- apply 0004_inbox[\s\S]*CREATE TABLE inbox_messages/);
    expect(output).not.toMatch(/0001_core_entities/);
    expect(output).toMatch(/Dry run: nothing was changed/);
    expect(await snapshot()).toEqual(before);
  });

  it('`db rollback --dry-run` prints the plan and the SQL and changes nothing; `db rollback <id>` does it', async () => {
    await migrateUp(t.db, set, { actor });
    const before = await snapshot();
    const lines: string[] = [];
    const print = (line: string) => lines.push(line);
    await dbRollback(t.db, { to: '0003_crm_campaigns', dryRun: true }, { set, actor, print });
    expect(lines[0]).toBe('Plan: roll back 2 migration(s), newest first: 0004_inbox, 0003_crm_campaigns.');
    expect(lines.join('\n')).toMatch(/DROP TABLE inbox_messages;[\s\S]*DROP TABLE campaigns;/);
    expect(await snapshot()).toEqual(before);

    lines.length = 0;
    await dbRollback(t.db, { to: '0003_crm_campaigns' }, { set, actor, print });
    expect(lines[0]).toMatch(/^Plan: /);
    expect(lines.slice(1, 3)).toEqual([expect.stringMatching(/^rolled back 0004_inbox/), expect.stringMatching(/^rolled back 0003_crm_campaigns/)]);
    expect(await ledgerIds()).toEqual(ids.slice(0, 2));
  });

  it('`db migrate --check` passes a consistent ledger; `db status` shows applied, pending, lock and lint', async () => {
    const lines: string[] = [];
    const print = (line: string) => lines.push(line);
    await dbMigrate(t.db, { check: true }, { set, actor, print });
    expect(lines.at(-1)).toMatch(/^Check passed: 4 migration\(s\) lint clean, ledger consistent, 2 pending/);

    lines.length = 0;
    await dbStatus(t.db, { set, print });
    const output = lines.join('\n');
    expect(output).toMatch(/Applied \(2\):\n {2}0001_core_entities\s+[0-9a-f]{12} {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC {2}by test:schema {2}\d+/);
    expect(output).toMatch(/Pending \(2\):\n {2}0003_crm_campaigns\s+Leads, templates, campaigns/);
    expect(output).toMatch(/Problems: none\./);
    expect(output).toMatch(/Lock: free\./);
    expect(output).toMatch(/Nile lint: 0 error\(s\), 0 warning\(s\)\./);

    lines.length = 0;
    await dbMigrate(t.db, {}, { set, actor, print });
    expect(lines).toEqual([expect.stringMatching(/^applied +0003_crm_campaigns/), expect.stringMatching(/^applied +0004_inbox/), 'Done: 2 migration(s) applied as test:schema.']);
  });
});
