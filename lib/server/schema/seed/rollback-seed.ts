import type { PoolClient } from 'pg';
import { getEnv } from '../../config/env';
import type { Db } from '../../db/pool';
import { quoteIdent } from '../../db/sql';
import { withTenant } from '../../db/with-tenant';
import { withTransaction } from '../../db/transaction';
import { TENANT_TABLES, type TenantTable } from '../schema-migrations';
import { buildSeedData } from './seed-data';
import type { SeedOptions } from './seed-database';
import { assertSeedingAllowed } from './seed-guards';

export type SeedRollbackReport = {
  rows: Record<TenantTable, number>;
  tenantUsers: number;
  users: number;
  tenants: number;
  /** Seeded tenants and users left in place because rows the seed did not write still use them. */
  kept: string[];
  /** Tenants whose seed rows could not be removed (their transaction was rolled back, nothing removed). */
  problems: string[];
};

async function existingTables(client: PoolClient): Promise<TenantTable[]> {
  const { rows } = await client.query<{ name: TenantTable }>(
    `SELECT t AS name FROM unnest($1::text[]) AS t WHERE to_regclass('public.' || quote_ident(t)) IS NOT NULL`,
    [TENANT_TABLES],
  );
  return TENANT_TABLES.filter((t) => rows.some((r) => r.name === t));
}

/** Rows (tenant tables and memberships) that still carry `tenantId` after the seed's own were removed. */
async function remainingRows(client: PoolClient, tables: TenantTable[], tenantId: string): Promise<number> {
  const parts = [...tables.map(quoteIdent), 'users.tenant_users'].map((t) => `(SELECT count(*) FROM ${t} WHERE tenant_id = $1)`);
  const { rows } = await client.query<{ n: string }>(`SELECT ${parts.join(' + ')} AS n`, [tenantId]);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Removes exactly the rows `seedDatabase` writes, identified by their deterministic ids, and nothing
 * else: each tenant's rows in that tenant's own transaction (children first), then seeded users and
 * tenants that nothing else uses any more (others are kept and listed). Tables that no longer exist
 * (schema rolled back) are skipped. Throws `forbidden` in production before touching the database; a
 * tenant whose seed rows are referenced by other rows is left whole and reported in `problems`.
 */
export async function rollbackSeed(db: Db, options: SeedOptions = {}): Promise<SeedRollbackReport> {
  assertSeedingAllowed('seed rollback', options.env ?? getEnv());
  const data = buildSeedData();
  const report: SeedRollbackReport = { rows: Object.fromEntries(TENANT_TABLES.map((t) => [t, 0])) as Record<TenantTable, number>, tenantUsers: 0, users: 0, tenants: 0, kept: [], problems: [] };
  const probe = await db.connect();
  const tables = await existingTables(probe).finally(() => probe.release());

  for (const tenant of data.tenants) {
    try {
      const counts = await withTenant(db, tenant.tenant.id, async (client) => {
        const deleted: Array<[TenantTable, number]> = [];
        for (const table of [...tables].reverse()) {
          const ids = tenant.rows[table].map((r) => r.id);
          const result = await client.query(`DELETE FROM ${quoteIdent(table)} WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [tenant.tenant.id, ids]);
          deleted.push([table, result.rowCount ?? 0]);
        }
        const members = await client.query(`DELETE FROM users.tenant_users WHERE tenant_id = $1 AND user_id = ANY($2::uuid[])`, [tenant.tenant.id, tenant.tenantUsers.map((m) => m.user_id)]);
        return { deleted, members: members.rowCount ?? 0 };
      });
      for (const [table, n] of counts.deleted) report.rows[table] += n;
      report.tenantUsers += counts.members;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      report.problems.push(`Tenant ${tenant.tenant.name} (${tenant.tenant.id}): its seed rows were left in place because removing them failed: ${detail}. Rows written after seeding probably reference them; delete or re-point those first, then run the seed rollback again.`);
    }
  }

  report.users = await withTransaction(db, async (client) => {
    const ids = data.users.map((u) => u.id);
    const { rows } = await client.query<{ id: string; email: string }>(
      `SELECT u.id, u.email FROM users.users u WHERE u.id = ANY($1::uuid[]) AND EXISTS (SELECT 1 FROM users.tenant_users m WHERE m.user_id = u.id)`, [ids]);
    for (const row of rows) report.kept.push(`User ${row.email} (${row.id}) kept: a tenant membership not written by the seed still uses it.`);
    const result = await client.query(`DELETE FROM users.users WHERE id = ANY($1::uuid[]) AND NOT (id = ANY($2::uuid[]))`, [ids, rows.map((r) => r.id)]);
    return result.rowCount ?? 0;
  });

  report.tenants = await withTransaction(db, async (client) => {
    let deleted = 0;
    for (const { tenant } of data.tenants) {
      const remaining = await remainingRows(client, tables, tenant.id);
      if (remaining > 0) {
        report.kept.push(`Tenant ${tenant.name} (${tenant.id}) kept: ${remaining} row(s) not written by the seed still belong to it.`);
        continue;
      }
      deleted += (await client.query(`DELETE FROM tenants WHERE id = $1`, [tenant.id])).rowCount ?? 0;
    }
    return deleted;
  });
  return report;
}
