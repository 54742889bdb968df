import pg from 'pg';
import { installNileEmulation } from './nile-emulation';
import { quoteIdent, quoteLiteral } from './sql';

export type PrepareDatabaseOptions = {
  host: string;
  port: number;
  superUser: string;
  superPassword: string;
  database: string;
  appRole: string;
  appPassword: string;
  /** False when the role is known to exist (test files share one role and create only databases). */
  ensureRole?: boolean;
};

export type PreparedDatabase = {
  /** Connection string of the ordinary login role the application uses (RLS applies to it). */
  appUrl: string;
  /** Connection string of the superuser; only for setup and tests, never handed to the server. */
  superUrl: string;
};

function url(user: string, password: string, host: string, port: number, database: string): string {
  return `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(database)}`;
}

/**
 * Makes a vanilla PostgreSQL cluster look like a Nile database for Ferry: an ordinary login role
 * (no superuser, no BYPASSRLS) that owns one database, with Nile's built-in tables and tenant isolation
 * installed. Idempotent; keeps the role's password in step with the instance file.
 */
export async function prepareDatabase(options: PrepareDatabaseOptions): Promise<PreparedDatabase> {
  const { host, port, superUser, superPassword, database, appRole, appPassword } = options;
  const admin = new pg.Client({ connectionString: url(superUser, superPassword, host, port, 'postgres') });
  await admin.connect();
  try {
    if (options.ensureRole !== false) {
      const role = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [appRole]);
      const verb = role.rowCount ? 'ALTER' : 'CREATE';
      await admin.query(
        `${verb} ROLE ${quoteIdent(appRole)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD ${quoteLiteral(appPassword)}`,
      );
    }
    const db = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!db.rowCount) await admin.query(`CREATE DATABASE ${quoteIdent(database)} OWNER ${quoteIdent(appRole)} ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await admin.end();
  }

  const superUrl = url(superUser, superPassword, host, port, database);
  const setup = new pg.Client({ connectionString: superUrl });
  await setup.connect();
  try {
    await setup.query('SELECT pg_advisory_lock(7001)'); // two processes preparing at once take turns
    await installNileEmulation(setup, appRole);
  } finally {
    await setup.end();
  }
  return { appUrl: url(appRole, appPassword, host, port, database), superUrl };
}
