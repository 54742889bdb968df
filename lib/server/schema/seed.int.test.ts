import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dbSeed, dbSeedRollback } from '../../cli/commands/db';
import { resetEnvCache } from '../config/env';
import { withTenant } from '../db/with-tenant';
import { migrateUp } from '../migrator/run-migrations';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { createSchemaMigrationSet, TENANT_TABLES } from './schema-migrations';
import { rollbackSeed } from './seed/rollback-seed';
import { buildSeedData } from './seed/seed-data';
import { seedDatabase } from './seed/seed-database';

let t: TestDatabase;
const data = buildSeedData();
const [arctic, blueice] = data.tenants;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

/** Row counts of every table the seed touches, seen past isolation. */
async function counts(): Promise<Record<string, number>> {
  const tables = ['tenants', 'users.users', 'users.tenant_users', ...TENANT_TABLES];
  const { rows } = await t.superDb.query(`SELECT ${tables.map((name, i) => `(SELECT count(*)::int FROM ${name}) AS c${i}`).join(', ')}`);
  return Object.fromEntries(tables.map((name, i) => [name, rows[0][`c${i}`] as number]));
}

async function withEnv(vars: Record<string, string>, fn: () => Promise<void>): Promise<void> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  resetEnvCache();
  try {
    await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
  }
}

describe('seeding guards', () => {
  it('refuses an unmigrated schema, pointing at db:migrate', async () => {
    await expect(seedDatabase(t.db)).rejects.toThrow(/not migrated \(pending: 0001_core_entities, .*\)\. Run `npm run db:migrate` first/);
  });

  it.each<Record<string, string>>([{ NODE_ENV: 'production' }, { FERRY_ENV: 'production' }])('is blocked in production (%o) before touching the database', async (vars) => {
    const connect = vi.spyOn(t.db, 'connect');
    await withEnv(vars, async () => {
      await expect(seedDatabase(t.db)).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/Refusing to run the development seed: .*=production/) });
      await expect(rollbackSeed(t.db)).rejects.toMatchObject({ code: 'forbidden' });
      await expect(dbSeed(t.db, { print: () => undefined })).rejects.toMatchObject({ code: 'forbidden' });
    });
    expect(connect).not.toHaveBeenCalled();
    connect.mockRestore();
    expect(process.env.NODE_ENV).toBe('test');
  });
});

describe('seeding a migrated schema', () => {
  const preTenant = crypto.randomUUID();
  let before: Record<string, number>;

  beforeAll(async () => {
    expect((await migrateUp(t.db, createSchemaMigrationSet({ emulateNile: true }), { actor: 'test' })).ok).toBe(true);
    // Rows that exist before seeding and must survive its rollback.
    await t.db.query(`INSERT INTO tenants (id, name) VALUES ($1, 'Pre-existing tenant')`, [preTenant]);
    await t.db.query(`INSERT INTO users.users (id, email, name) VALUES ($1, 'keep@pre.example', 'Keep Me')`, [crypto.randomUUID()]);
    await withTenant(t.db, preTenant, async (c) => {
      const { rows } = await c.query(`INSERT INTO companies (tenant_id, name) VALUES ($1, 'Pre Co') RETURNING id`, [preTenant]);
      await c.query(`INSERT INTO leads (tenant_id, company_id, email) VALUES ($1, $2, 'lead@pre.example')`, [preTenant, rows[0].id]);
    });
    before = await counts();
  });

  it('writes every entity for several tenants, and a second run duplicates nothing', async () => {
    const report = await seedDatabase(t.db);
    expect(report.tenants).toBe(data.tenants.length);
    expect(report.users).toBe(data.users.length);
    for (const table of TENANT_TABLES) {
      const expected = data.tenants.reduce((n, tenant) => n + tenant.rows[table].length, 0);
      expect(report.rows[table], table).toBe(expected);
    }
    const seeded = await counts();
    for (const table of TENANT_TABLES) expect(seeded[table]).toBe((before[table] ?? 0) + report.rows[table]);

    const again = await seedDatabase(t.db);
    expect(again.tenants + again.users + again.tenantUsers).toBe(0);
    expect(Object.values(again.rows).every((n) => n === 0)).toBe(true);
    expect(await counts()).toEqual(seeded);
  });

  it('isolation: within tenant B’s withTenant, no table shows a row of tenant A', async () => {
    const a = arctic?.tenant.id as string;
    const b = blueice?.tenant.id as string;
    for (const table of TENANT_TABLES) {
      const seen = await withTenant(t.db, b, (c) => c.query<{ tenant_id: string }>(`SELECT tenant_id FROM ${table}`));
      expect(seen.rows.length, `${table} has rows for B`).toBeGreaterThan(0);
      expect(seen.rows.filter((r) => r.tenant_id !== b), `${table} leaks other tenants into B`).toEqual([]);
      const direct = await withTenant(t.db, b, (c) => c.query(`SELECT 1 FROM ${table} WHERE tenant_id = $1`, [a]));
      expect(direct.rowCount, `${table}: A's rows asked for by id`).toBe(0);
      const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [a]);
      expect(rows[0].n, `${table}: A's rows exist`).toBeGreaterThan(0);
    }
  });

  it('rollback removes exactly what seeding wrote; rows written by others survive', async () => {
    const arcticId = arctic?.tenant.id as string;
    const extraLead = crypto.randomUUID();
    await withTenant(t.db, arcticId, (c) => c.query(`INSERT INTO leads (tenant_id, id, email) VALUES ($1, $2, 'later@customer.example')`, [arcticId, extraLead]));

    const lines: string[] = [];
    await dbSeedRollback(t.db, { print: (line) => lines.push(line) });
    expect(lines.join('\n')).toMatch(/kept: Tenant Arctic Outreach Co\. \(.*\) kept: 1 row\(s\) not written by the seed still belong to it/);
    const after = await counts();
    expect({ ...after, tenants: (after.tenants ?? 0) - 1, leads: (after.leads ?? 0) - 1 }).toEqual(before);
    const { rows } = await t.superDb.query(`SELECT (SELECT count(*)::int FROM companies WHERE tenant_id = $1) AS companies, (SELECT count(*)::int FROM leads WHERE email = 'lead@pre.example') AS pre_lead, (SELECT count(*)::int FROM users.users WHERE email = 'keep@pre.example') AS pre_user`, [preTenant]);
    expect(rows[0]).toEqual({ companies: 1, pre_lead: 1, pre_user: 1 });

    await withTenant(t.db, arcticId, (c) => c.query(`DELETE FROM leads WHERE id = $1`, [extraLead]));
    const second = await rollbackSeed(t.db);
    expect(second.tenants).toBe(1);
    expect(second.kept).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('seed and rollback again round-trip through the CLI commands', async () => {
    const lines: string[] = [];
    await dbSeed(t.db, { print: (line) => lines.push(line) });
    expect(lines[0]).toMatch(/^Seeded: tenants 3, users \d+, memberships \d+; companies 6, /);
    await dbSeedRollback(t.db, { print: () => undefined });
    expect(await counts()).toEqual(before);
  });
});
