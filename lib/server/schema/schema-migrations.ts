import type { ClientBase } from 'pg';
import { enforceTenantIsolation } from '../db/nile-emulation';
import { shouldEmulateNile } from '../db/pool';

export { shouldEmulateNile };
import type { Migration, MigrationDb, MigrationSet } from '../migrator/types';
import { migration as m0001 } from './migrations/0001_core_entities';
import { migration as m0002 } from './migrations/0002_email_infrastructure';
import { migration as m0003 } from './migrations/0003_crm_campaigns';
import { migration as m0004 } from './migrations/0004_inbox';
import { createNileLint } from './nile-lint';

/** The ledger name of the target schema (the PenguinMails tables), distinct from Ferry's own `ferry` set. */
export const SCHEMA_SET_NAME = 'schema';

/** The target schema's migrations, in id order. */
export const schemaMigrationList: Migration[] = [m0001, m0002, m0003, m0004];

/**
 * The 11 tenant tables the migrations create, parents before children (insert in this order, delete
 * in reverse). Tenants and users are Nile's built-ins: `tenants`, `users.users`, `users.tenant_users`.
 */
export const TENANT_TABLES = [
  'companies', 'team_members', 'company_settings', 'payments',
  'domains', 'email_services', 'email_accounts',
  'leads', 'templates', 'campaigns',
  'inbox_messages',
] as const;

export type TenantTable = (typeof TENANT_TABLES)[number];

export type SchemaMigrationSetOptions = {
  /**
   * True on vanilla PostgreSQL (embedded, CI, an external database): after each migration the Nile
   * emulation puts row-level isolation on the new tenant tables. False on a real Nile database, where
   * isolation is built in and CREATE POLICY is forbidden.
   */
  emulateNile: boolean;
};

/** The migrator hands hooks a bare query function; the emulation's sweep only ever calls `query`. */
function asClient(db: MigrationDb): ClientBase {
  return { query: (sql: string) => db.query(sql) } as unknown as ClientBase;
}

async function isolateNewTenantTables(db: MigrationDb): Promise<void> {
  await enforceTenantIsolation(asClient(db));
}

/**
 * The target schema as a migration set: the Nile linter runs before every apply (an error blocks it),
 * and with `emulateNile` the isolation sweep runs inside each migration's transaction.
 */
export function createSchemaMigrationSet(options: SchemaMigrationSetOptions): MigrationSet {
  return {
    name: SCHEMA_SET_NAME,
    migrations: schemaMigrationList,
    lint: createNileLint(schemaMigrationList),
    ...(options.emulateNile ? { afterUp: isolateNewTenantTables } : {}),
  };
}

/**
 * A migration set for the target database that decides emulation from the environment when a migration
 * runs (see `shouldEmulateNile`): Nile lint before every apply, the isolation sweep after each `up` on
 * vanilla PostgreSQL. Used for the PenguinMails schema and for the engine's document tables.
 */
export function targetMigrationSet(name: string, migrations: Migration[]): MigrationSet {
  return {
    name,
    migrations,
    lint: createNileLint(migrations),
    afterUp: async (db) => {
      if (shouldEmulateNile()) await isolateNewTenantTables(db);
    },
  };
}

/** The target schema for the configured database: one constant serves the CLI, the console and tests. */
export const schemaMigrations: MigrationSet = targetMigrationSet(SCHEMA_SET_NAME, schemaMigrationList);
