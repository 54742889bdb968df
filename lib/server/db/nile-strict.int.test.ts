import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { withTransaction } from './transaction';
import { withTenant } from './with-tenant';

let t: TestDatabase;
const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];

beforeAll(async () => {
  t = await createTestDatabase(); // always in strict mode
  await t.ownerDb.query(`CREATE TABLE notes (tenant_id uuid NOT NULL REFERENCES tenants (id), id uuid NOT NULL DEFAULT gen_random_uuid(), body text, PRIMARY KEY (tenant_id, id))`);
  await t.ownerDb.query(`CREATE TABLE plans (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text)`);
  await t.db.query(`INSERT INTO tenants (id, name) VALUES ($1, 'a'), ($2, 'b')`, [a, b]);
});
afterAll(async () => t.drop());

const count = async (sql: string) => Number((await t.superDb.query(sql)).rows[0].n);
const refusal = { code: '0A000', message: expect.stringMatching(/^Nile refuses this transaction/) };

describe('strict mode refuses what Nile refuses', () => {
  it('a transaction that writes to two tenants, in two statements or in one', async () => {
    await expect(withTransaction(t.db, async (c) => {
      await c.query(`INSERT INTO notes (tenant_id, body) VALUES ($1, 'first')`, [a]);
      await c.query(`INSERT INTO notes (tenant_id, body) VALUES ($1, 'second')`, [b]);
    })).rejects.toMatchObject({ ...refusal, message: expect.stringContaining('more than one tenant') });
    await expect(t.db.query(`INSERT INTO notes (tenant_id, body) VALUES ($1, 'x'), ($2, 'y')`, [a, b])).rejects.toMatchObject(refusal);
    expect(await count(`SELECT count(*) AS n FROM notes`)).toBe(0);
  });

  it('a transaction that writes to a tenant table and a shared table, in either order', async () => {
    await expect(withTenant(t.db, a, async (c) => {
      await c.query(`INSERT INTO notes (tenant_id, body) VALUES ($1, 'tenant first')`, [a]);
      await c.query(`INSERT INTO plans (name) VALUES ('shared second')`);
    })).rejects.toMatchObject({ ...refusal, message: expect.stringContaining('shared table public.plans after writing to tenant') });
    await expect(withTransaction(t.db, async (c) => {
      await c.query(`INSERT INTO plans (name) VALUES ('shared first')`);
      await c.query(`UPDATE notes SET body = 'tenant second' WHERE tenant_id = $1`, [a]); // no row: no write
      await c.query(`INSERT INTO notes (tenant_id, body) VALUES ($1, 'tenant second')`, [a]);
    })).rejects.toMatchObject({ ...refusal, message: expect.stringContaining('tenant table public.notes after writing to the shared table public.plans') });
    expect(await count(`SELECT (SELECT count(*) FROM notes) + (SELECT count(*) FROM plans) AS n`)).toBe(0);
  });

  it('allows what Nile allows: one tenant per transaction, shared tables together, reads of anything', async () => {
    await withTenant(t.db, a, async (c) => {
      await c.query(`INSERT INTO notes (tenant_id, body) VALUES ($1, 'one'), ($1, 'two')`, [a]);
      await c.query(`UPDATE notes SET body = body || '!' WHERE tenant_id = $1`, [a]);
      await c.query(`SELECT count(*) FROM plans`);
    });
    await withTransaction(t.db, async (c) => {
      await c.query(`INSERT INTO plans (name) VALUES ('p')`);
      await c.query(`INSERT INTO tenants (id, name) VALUES (gen_random_uuid(), 'c')`);
      await c.query(`SELECT count(*) FROM notes`);
    });
    expect(await count(`SELECT count(*) AS n FROM notes WHERE body LIKE '%!'`)).toBe(2);
  });

  it('functions and triggers cannot be created, even by the owner role', async () => {
    await expect(t.ownerDb.query(`CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 1'`)).rejects.toMatchObject({ code: '0A000', message: expect.stringContaining('Nile does not support create function') });
    expect(await count(`SELECT count(*) AS n FROM pg_proc WHERE proname = 'f'`)).toBe(0);
  });
});
