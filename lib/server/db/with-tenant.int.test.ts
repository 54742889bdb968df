import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { enforceTenantIsolation } from './nile-emulation';
import { withTenant } from './with-tenant';

let t: TestDatabase;
const tenants = Array.from({ length: 5 }, () => crypto.randomUUID());

beforeAll(async () => {
  t = await createTestDatabase();
  // Created by the application role, exactly like a schema migration would.
  await t.ownerDb.query(`CREATE TABLE items (tenant_id uuid NOT NULL REFERENCES tenants (id), id uuid NOT NULL DEFAULT gen_random_uuid(), label text, PRIMARY KEY (tenant_id, id))`);
  const client = await t.ownerDb.connect();
  expect(await enforceTenantIsolation(client)).toEqual(['public.items']);
  client.release();
  for (const [i, id] of tenants.entries()) {
    await t.db.query(`INSERT INTO tenants (id, name) VALUES ($1, $2)`, [id, `tenant ${i}`]);
    await withTenant(t.db, id, (c) => c.query(`INSERT INTO items (tenant_id, label) SELECT $1, 'row ' || g FROM generate_series(1, 20) g`, [id]));
  }
});

afterAll(async () => t.drop());

describe('withTenant', () => {
  it('the application role is an ordinary role, so isolation really applies', async () => {
    const { rows } = await t.db.query(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`);
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it('concurrent calls for different tenants never see another tenant’s rows', async () => {
    const calls = Array.from({ length: 60 }, (_, i) => tenants[i % tenants.length] as string);
    const results = await Promise.all(
      calls.map((tenantId) =>
        withTenant(t.db, tenantId, async (client) => {
          await client.query('SELECT pg_sleep(0.002)'); // widen the overlap between transactions
          const { rows } = await client.query<{ tenant_id: string }>('SELECT tenant_id FROM items');
          return { tenantId, seen: rows.map((r) => r.tenant_id) };
        }),
      ),
    );
    for (const { tenantId, seen } of results) {
      expect(seen).toHaveLength(20);
      expect(new Set(seen)).toEqual(new Set([tenantId]));
    }
  });

  it('a pooled connection goes back without tenant context', async () => {
    await withTenant(t.db, tenants[0] as string, async () => undefined);
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM items`);
    expect(rows[0].n).toBe(100);
  });

  it('refuses to write a row for another tenant inside a tenant’s transaction', async () => {
    await expect(
      withTenant(t.db, tenants[0] as string, (c) => c.query(`INSERT INTO items (tenant_id, label) VALUES ($1, 'intruder')`, [tenants[1]])),
    ).rejects.toThrow(/row-level security/);
    const { rows } = await t.superDb.query(`SELECT count(*)::int AS n FROM items WHERE label = 'intruder'`);
    expect(rows[0].n).toBe(0);
  });

  it('a non-UUID tenant id never reaches SQL', async () => {
    const connect = vi.spyOn(t.db, 'connect');
    const crafted = [`${tenants[0]}'; DROP TABLE items; --`, '', 'null', '1', ' ' + tenants[0]];
    for (const id of crafted) {
      await expect(withTenant(t.db, id, async () => 'ran')).rejects.toBeInstanceOf(AppError);
    }
    expect(connect).not.toHaveBeenCalled();
    connect.mockRestore();
    const { rows } = await t.superDb.query(`SELECT to_regclass('public.items') IS NOT NULL AS present`);
    expect(rows[0].present).toBe(true);
  });

  it('rolls back everything when the callback throws', async () => {
    await expect(
      withTenant(t.db, tenants[2] as string, async (c) => {
        await c.query(`INSERT INTO items (tenant_id, label) VALUES ($1, 'half')`, [tenants[2]]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const { rows } = await t.superDb.query(`SELECT count(*)::int AS n FROM items WHERE label = 'half'`);
    expect(rows[0].n).toBe(0);
  });
});
