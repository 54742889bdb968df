import type { PoolClient } from 'pg';
import { getEnv, type Env } from '../../config/env';
import type { Db } from '../../db/pool';
import { quoteIdent } from '../../db/sql';
import { withTenant } from '../../db/with-tenant';
import { withTransaction } from '../../db/transaction';
import { TENANT_TABLES, type TenantTable } from '../schema-migrations';
import { buildSeedData } from './seed-data';
import { assertSchemaMigrated, assertSeedingAllowed } from './seed-guards';

export type SeedOptions = { env?: Env };

/** Rows written per table (0 for rows that already existed): a second run reports all zeros. */
export type SeedReport = { tenants: number; users: number; tenantUsers: number; rows: Record<TenantTable, number> };

const COLUMN = /^[a-z_][a-z0-9_]*$/;

/**
 * Inserts `rows` (objects keyed by column) into `table` in one statement, skipping any row that
 * conflicts with an existing one (same key, or a unique value already taken). The columns are the
 * union of the rows' keys (columns no row names take their defaults; a row lacking a key gets NULL).
 * Returns how many rows were inserted.
 */
export async function insertRows(client: PoolClient, table: string, rows: Array<Record<string, unknown>>): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  for (const column of columns) if (!COLUMN.test(column)) throw new Error(`Invalid seed column ${column}`);
  const qualifiedTable = table.split('.').map(quoteIdent).join('.');
  const list = columns.map(quoteIdent).join(', ');
  const result = await client.query(
    `INSERT INTO ${qualifiedTable} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${qualifiedTable}, $1::jsonb) ON CONFLICT DO NOTHING`,
    [JSON.stringify(rows)],
  );
  return result.rowCount ?? 0;
}

/**
 * Writes the development data set (see `buildSeedData`): tenants, users, memberships and rows in all 11
 * tenant tables. Idempotent (deterministic ids, conflicts skipped). Follows Nile's transaction rules:
 * shared tables (`tenants`, `users.users`) in their own transactions, then each tenant's rows in one
 * `withTenant` transaction of their own.
 * Throws `forbidden` in production (before touching the database) and `conflict` when the schema is not
 * fully migrated; a failure inside one tenant's transaction leaves that tenant's rows unwritten.
 */
export async function seedDatabase(db: Db, options: SeedOptions = {}): Promise<SeedReport> {
  assertSeedingAllowed('seed', options.env ?? getEnv());
  await assertSchemaMigrated(db);
  const data = buildSeedData();
  const report: SeedReport = { tenants: 0, users: 0, tenantUsers: 0, rows: Object.fromEntries(TENANT_TABLES.map((t) => [t, 0])) as Record<TenantTable, number> };

  report.tenants = await withTransaction(db, (client) => insertRows(client, 'public.tenants', data.tenants.map((t) => t.tenant)));
  report.users = await withTransaction(db, (client) => insertRows(client, 'users.users', data.users));
  for (const tenant of data.tenants) {
    await withTenant(db, tenant.tenant.id, async (client) => {
      report.tenantUsers += await insertRows(client, 'users.tenant_users', tenant.tenantUsers);
      for (const table of TENANT_TABLES) report.rows[table] += await insertRows(client, table, tenant.rows[table]);
    });
  }
  return report;
}
