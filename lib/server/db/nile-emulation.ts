import type { ClientBase } from 'pg';
import { quoteIdent, quoteLiteral } from './sql';

/**
 * Nile's built-in tables and tenant isolation, reproduced on vanilla PostgreSQL for local use and CI
 * (nile.md). Never applied to a real Nile database: there these objects exist already, and policies and
 * functions are forbidden.
 */
export const ISOLATION_POLICY = 'nile_tenant_isolation';

const TENANT_SETTING = `NULLIF(current_setting('nile.tenant_id', true), '')`;

const BUILT_INS = `
CREATE TABLE IF NOT EXISTS public.tenants (
  id uuid PRIMARY KEY DEFAULT public.uuid_generate_v7(),
  name text,
  created timestamp NOT NULL DEFAULT LOCALTIMESTAMP,
  updated timestamp NOT NULL DEFAULT LOCALTIMESTAMP,
  deleted timestamp
);
CREATE SCHEMA IF NOT EXISTS users;
CREATE TABLE IF NOT EXISTS users.users (
  id uuid PRIMARY KEY DEFAULT public.uuid_generate_v7(),
  created timestamp NOT NULL DEFAULT LOCALTIMESTAMP,
  updated timestamp NOT NULL DEFAULT LOCALTIMESTAMP,
  deleted timestamp,
  name text, family_name text, given_name text, email text, picture text,
  email_verified timestamp
);
CREATE UNIQUE INDEX IF NOT EXISTS users_email_live ON users.users (email) WHERE deleted IS NULL;
CREATE TABLE IF NOT EXISTS users.tenant_users (
  tenant_id uuid NOT NULL REFERENCES public.tenants (id),
  user_id uuid NOT NULL,
  created timestamp NOT NULL DEFAULT LOCALTIMESTAMP,
  updated timestamp NOT NULL DEFAULT LOCALTIMESTAMP,
  deleted timestamp,
  roles text[],
  email text,
  PRIMARY KEY (tenant_id, user_id)
);`;

/** uuid_generate_v7(): native uuidv7() on PostgreSQL 18+, a faithful SQL polyfill before. */
export function uuidV7FunctionSql(serverVersionNum: number, name = 'public.uuid_generate_v7'): string {
  if (serverVersionNum >= 180000) {
    return `CREATE OR REPLACE FUNCTION ${name}() RETURNS uuid LANGUAGE sql VOLATILE AS 'SELECT uuidv7()';`;
  }
  // 48-bit Unix milliseconds, version 7, variant 10, 74 random bits (RFC 9562 §5.7).
  return `CREATE OR REPLACE FUNCTION ${name}() RETURNS uuid LANGUAGE sql VOLATILE AS $f$
    SELECT encode(
      set_byte(set_byte(
        substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
          || substring(uuid_send(gen_random_uuid()) FROM 7),
        6, (get_byte(uuid_send(gen_random_uuid()), 6) & 15) | 112),
        8, (get_byte(uuid_send(gen_random_uuid()), 8) & 63) | 128),
      'hex')::uuid
  $f$;`;
}

/**
 * Creates Nile's built-in tables and grants the given roles what Nile's own user may do with them
 * (rows, and references from their tables). Idempotent. Must run as a role that may create schemas and
 * functions (the embedded superuser); the built-ins stay owned by it.
 */
export async function installNileEmulation(client: ClientBase, roles: string[]): Promise<void> {
  const version = Number((await client.query<{ v: string }>('SHOW server_version_num')).rows[0]?.v ?? 0);
  await client.query(uuidV7FunctionSql(version));
  await client.query(BUILT_INS);
  for (const name of roles) {
    const role = quoteIdent(name);
    await client.query(`GRANT USAGE ON SCHEMA users TO ${role};
      GRANT SELECT, INSERT, UPDATE, DELETE, REFERENCES ON public.tenants, users.users, users.tenant_users TO ${role};
      GRANT EXECUTE ON FUNCTION public.uuid_generate_v7() TO ${role};`);
  }
  await enforceTenantIsolation(client);
}

/**
 * Puts Nile's isolation on every table with a `tenant_id` column that lacks it and that the current
 * role owns (or every such table for a superuser): RLS enabled and forced, one policy that admits all
 * rows without a tenant context and only the context's rows with one. Returns the tables it changed.
 */
export async function enforceTenantIsolation(client: ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ schema: string; table: string }>(`
    SELECT n.nspname AS schema, c.relname AS table
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
     WHERE c.relkind IN ('r', 'p')
       AND c.relpersistence <> 't' -- temporary tables (e.g. the loader's staging) live and die with one session
       AND n.nspname NOT IN ('pg_catalog', 'information_schema')
       AND (pg_has_role(current_user, c.relowner, 'USAGE')
            OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user))
       AND NOT (c.relrowsecurity AND c.relforcerowsecurity
                AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = ${quoteLiteral(ISOLATION_POLICY)}))
     ORDER BY 1, 2`);
  for (const { schema, table } of rows) {
    const qualified = `${quoteIdent(schema)}.${quoteIdent(table)}`;
    await client.query(`ALTER TABLE ${qualified} ENABLE ROW LEVEL SECURITY;
      ALTER TABLE ${qualified} FORCE ROW LEVEL SECURITY;
      DROP POLICY IF EXISTS ${ISOLATION_POLICY} ON ${qualified};
      CREATE POLICY ${ISOLATION_POLICY} ON ${qualified}
        USING (${TENANT_SETTING} IS NULL OR tenant_id = ${TENANT_SETTING}::uuid)
        WITH CHECK (${TENANT_SETTING} IS NULL OR tenant_id = ${TENANT_SETTING}::uuid);`);
  }
  return rows.map((r) => `${r.schema}.${r.table}`);
}
