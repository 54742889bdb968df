import pg from 'pg';
import { locks, waitLock } from './advisory-locks';
import { installNileEmulation } from './nile-emulation';
import { setNileStrict } from './nile-strict';
import { quoteIdent, quoteLiteral } from './sql';

export type PrepareDatabaseOptions = {
  host: string;
  port: number;
  superUser: string;
  superPassword: string;
  database: string;
  /** The runtime role: every query of a request, a loader or a validation. Owns nothing. */
  appRole: string;
  appPassword: string;
  /** The owner role: owns the database and every table; used only for DDL (migrations, job queue tables). */
  ownerRole: string;
  ownerPassword: string;
  /** False when the roles are known to exist (test files share them and create only databases). */
  ensureRole?: boolean;
  /** The emulation's strict mode (nile-strict.ts): on in every test tier. */
  strict?: boolean;
};

export type PreparedDatabase = {
  /** Connection string of the runtime role (RLS applies to it, and it cannot alter tables). */
  appUrl: string;
  /** Connection string of the owner role, for DDL only. */
  ownerUrl: string;
  /** Connection string of the superuser; only for setup and tests, never handed to the server. */
  superUrl: string;
};

function url(user: string, password: string, host: string, port: number, database: string): string {
  return `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(database)}`;
}

const ORDINARY = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS';

/**
 * The privileges of the two roles: the owner owns the schemas Ferry writes (public, ferry) and creates
 * in them; the runtime role may read and write rows there (and use sequences), nothing else — no DDL,
 * so it cannot disable, alter or drop the isolation it relies on. Default privileges cover tables the
 * owner creates later. Databases and tables an earlier Ferry created as the runtime role are handed over.
 */
function privilegesSql(app: string, owner: string): string {
  return `
    REASSIGN OWNED BY ${app} TO ${owner};
    CREATE SCHEMA IF NOT EXISTS ferry AUTHORIZATION ${owner};
    ALTER SCHEMA ferry OWNER TO ${owner};
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    GRANT USAGE, CREATE ON SCHEMA public, ferry TO ${owner};
    GRANT USAGE ON SCHEMA public, ferry TO ${app};
    REVOKE CREATE ON SCHEMA public, ferry FROM ${app};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public, ferry TO ${app};
    GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public, ferry TO ${app};
    ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public, ferry GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app};
    ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public, ferry GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${app};`;
}

/**
 * Makes a vanilla PostgreSQL cluster look like a Nile database for Ferry: two ordinary login roles (a
 * runtime role that owns nothing, an owner for DDL) and one database owned by the owner, with Nile's
 * built-in tables, tenant isolation and, when asked, strict mode. Idempotent; keeps the roles'
 * passwords in step with the instance file.
 */
export async function prepareDatabase(options: PrepareDatabaseOptions): Promise<PreparedDatabase> {
  const { host, port, superUser, superPassword, database, appRole, appPassword, ownerRole, ownerPassword } = options;
  const app = quoteIdent(appRole);
  const owner = quoteIdent(ownerRole);
  const admin = new pg.Client({ connectionString: url(superUser, superPassword, host, port, 'postgres') });
  await admin.connect();
  try {
    await waitLock(admin, locks.setup()); // two processes preparing at once take turns
    if (options.ensureRole !== false) {
      for (const [role, password] of [[appRole, appPassword], [ownerRole, ownerPassword]] as const) {
        const found = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
        await admin.query(`${found.rowCount ? 'ALTER' : 'CREATE'} ROLE ${quoteIdent(role)} ${ORDINARY} PASSWORD ${quoteLiteral(password)}`);
      }
    }
    const db = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!db.rowCount) await admin.query(`CREATE DATABASE ${quoteIdent(database)} OWNER ${owner} ENCODING 'UTF8' TEMPLATE template0`);
    else await admin.query(`ALTER DATABASE ${quoteIdent(database)} OWNER TO ${owner}`);
  } finally {
    await admin.end();
  }

  const superUrl = url(superUser, superPassword, host, port, database);
  const setup = new pg.Client({ connectionString: superUrl });
  await setup.connect();
  try {
    await waitLock(setup, locks.setup());
    await setup.query(privilegesSql(app, owner));
    await installNileEmulation(setup, [appRole, ownerRole]);
    await setNileStrict(setup, options.strict === true);
  } finally {
    await setup.end();
  }
  return { appUrl: url(appRole, appPassword, host, port, database), ownerUrl: url(ownerRole, ownerPassword, host, port, database), superUrl };
}
