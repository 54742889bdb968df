import type { ClientBase } from 'pg';

/**
 * The Nile emulation's strict mode: PostgreSQL made to refuse what Nile refuses, so a violation fails in
 * tests instead of in production (nile.md). Local and CI only — it is built from exactly what Nile
 * forbids (an event trigger, trigger functions), installed by the superuser in schema `nile_strict`.
 *
 * - A transaction may write to ONE tenant, or to shared tables only: every table gets statement-level
 *   triggers that record, for the transaction, the tenant written (from the rows themselves) or that a
 *   shared table was written, and raise SQLSTATE 0A000 on a second tenant or on mixing the two.
 *   Temporary tables are exempt (session-local scratch, like the loader's staging).
 * - Functions, procedures and triggers cannot be created by ordinary roles (Nile refuses them). The job
 *   queue's own schema `pgboss` is exempt: on Nile it lives in QUEUE_DATABASE_URL's database.
 * - New tables are covered as they are created (an event trigger attaches the triggers).
 */
const WRITE_CHECK = `
CREATE OR REPLACE FUNCTION nile_strict.check_write() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  tbl text := format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME);
  seen_tenant text := NULLIF(current_setting('nile_strict.tenant', true), '');
  seen_shared text := NULLIF(current_setting('nile_strict.shared', true), '');
  tenants text[];
BEGIN
  IF TG_ARGV[0] = 'shared' THEN
    IF TG_OP = 'INSERT' THEN PERFORM 1 FROM new_rows LIMIT 1;
    ELSIF TG_OP = 'TRUNCATE' THEN PERFORM 1;
    ELSE PERFORM 1 FROM old_rows LIMIT 1;
    END IF;
    IF NOT FOUND THEN RETURN NULL; END IF;
    IF seen_tenant IS NOT NULL THEN
      RAISE EXCEPTION USING ERRCODE = '0A000',
        MESSAGE = format('Nile refuses this transaction: it writes to the shared table %s after writing to tenant %s', tbl, seen_tenant),
        HINT = 'A transaction may write to one tenant, or to shared tables only: commit the tenant''s rows first.';
    END IF;
    IF seen_shared IS NULL THEN PERFORM set_config('nile_strict.shared', tbl, true); END IF;
    RETURN NULL;
  END IF;
  IF TG_OP = 'TRUNCATE' THEN tenants := ARRAY['every tenant'];
  ELSIF TG_OP = 'INSERT' THEN SELECT array_agg(DISTINCT tenant_id::text) INTO tenants FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN SELECT array_agg(DISTINCT tenant_id::text) INTO tenants FROM old_rows;
  ELSE SELECT array_agg(DISTINCT t) INTO tenants FROM (SELECT tenant_id::text AS t FROM new_rows UNION SELECT tenant_id::text FROM old_rows) x;
  END IF;
  IF tenants IS NULL THEN RETURN NULL; END IF;
  IF seen_shared IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = '0A000',
      MESSAGE = format('Nile refuses this transaction: it writes to the tenant table %s after writing to the shared table %s', tbl, seen_shared),
      HINT = 'A transaction may write to one tenant, or to shared tables only.';
  END IF;
  IF cardinality(tenants) > 1 OR tenants[1] = 'every tenant' OR (seen_tenant IS NOT NULL AND seen_tenant <> tenants[1]) THEN
    RAISE EXCEPTION USING ERRCODE = '0A000',
      MESSAGE = format('Nile refuses this transaction: it writes to more than one tenant (%s in %s)',
                       array_to_string(ARRAY(SELECT DISTINCT x FROM unnest(array_append(tenants, seen_tenant)) x WHERE x IS NOT NULL ORDER BY 1), ', '), tbl),
      HINT = 'Write each tenant''s rows in a transaction of their own.';
  END IF;
  PERFORM set_config('nile_strict.tenant', tenants[1], true);
  RETURN NULL;
END
$fn$;`;

const ATTACH = `
CREATE OR REPLACE FUNCTION nile_strict.attach(rel regclass) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $fn$
DECLARE
  kind text;
  persistence "char";
  schema_name name;
BEGIN
  SELECT c.relpersistence, n.nspname INTO persistence, schema_name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = rel AND c.relkind IN ('r', 'p');
  IF NOT FOUND OR persistence = 't' OR schema_name IN ('nile_strict', 'pgboss', 'pg_catalog', 'information_schema') OR schema_name LIKE 'pg_toast%' THEN RETURN; END IF;
  kind := CASE WHEN EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = rel AND attname = 'tenant_id' AND NOT attisdropped) THEN 'tenant' ELSE 'shared' END;
  EXECUTE format('DROP TRIGGER IF EXISTS nile_strict_ins ON %s', rel);
  EXECUTE format('DROP TRIGGER IF EXISTS nile_strict_upd ON %s', rel);
  EXECUTE format('DROP TRIGGER IF EXISTS nile_strict_del ON %s', rel);
  EXECUTE format('DROP TRIGGER IF EXISTS nile_strict_trunc ON %s', rel);
  EXECUTE format('CREATE TRIGGER nile_strict_ins AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION nile_strict.check_write(%L)', rel, kind);
  EXECUTE format('CREATE TRIGGER nile_strict_upd AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION nile_strict.check_write(%L)', rel, kind);
  EXECUTE format('CREATE TRIGGER nile_strict_del AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION nile_strict.check_write(%L)', rel, kind);
  EXECUTE format('CREATE TRIGGER nile_strict_trunc AFTER TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION nile_strict.check_write(%L)', rel, kind);
END
$fn$;

-- Runs as the role issuing the DDL (not SECURITY DEFINER), so current_user tells who creates what;
-- the triggers attach() creates run as the superuser, which may.
CREATE OR REPLACE FUNCTION nile_strict.on_ddl() RETURNS event_trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $fn$
DECLARE
  cmd record;
BEGIN
  FOR cmd IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
    IF cmd.command_tag IN ('CREATE FUNCTION', 'CREATE PROCEDURE', 'CREATE TRIGGER', 'CREATE EVENT TRIGGER')
       AND COALESCE(cmd.schema_name, '') NOT IN ('pgboss', 'nile_strict')
       AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
      RAISE EXCEPTION USING ERRCODE = '0A000',
        MESSAGE = format('Nile does not support %s (%s)', lower(cmd.command_tag), cmd.object_identity),
        HINT = 'Nile refuses user-defined functions, procedures and triggers.';
    END IF;
    IF cmd.object_type = 'table' AND cmd.command_tag IN ('CREATE TABLE', 'CREATE TABLE AS', 'SELECT INTO', 'ALTER TABLE') THEN
      PERFORM nile_strict.attach(cmd.objid::regclass);
    END IF;
  END LOOP;
END
$fn$;`;

/** Every table strict mode covers now (sweep after install: tables created before it). */
const SWEEP = `
SELECT nile_strict.attach(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p') AND c.relpersistence <> 't' AND n.nspname NOT IN ('nile_strict', 'pgboss', 'pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`;

/** True when strict mode is installed in the connected database. */
export async function isNileStrict(client: ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ on: boolean }>(`SELECT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'nile_strict_ddl') AS on`);
  return rows[0]?.on === true;
}

/**
 * Turns strict mode on or off in the connected database (superuser only). Idempotent; turning it off
 * removes every trigger and function it added.
 */
export async function setNileStrict(client: ClientBase, enabled: boolean): Promise<void> {
  if (!enabled) {
    if (!(await isNileStrict(client))) return;
    await client.query(`DROP EVENT TRIGGER IF EXISTS nile_strict_ddl`);
    await client.query(`DROP SCHEMA IF EXISTS nile_strict CASCADE`); // the functions, and with them every trigger using them
    return;
  }
  await client.query(`CREATE SCHEMA IF NOT EXISTS nile_strict`);
  await client.query(`GRANT USAGE ON SCHEMA nile_strict TO PUBLIC`);
  await client.query(WRITE_CHECK);
  await client.query(ATTACH);
  if (!(await isNileStrict(client))) {
    await client.query(`CREATE EVENT TRIGGER nile_strict_ddl ON ddl_command_end EXECUTE FUNCTION nile_strict.on_ddl()`);
  }
  await client.query(SWEEP);
}
