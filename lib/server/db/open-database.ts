import { getEnv, type Env } from '../config/env';
import { loadInstanceFile } from '../config/instance-file';
import { ensureConsoleSchema } from '../console-db/console-migrations';
import { openEmbeddedCluster } from './embedded-cluster';
import { installNileEmulation } from './nile-emulation';
import { createPool, databaseKind, getPool, livePool, shouldEmulateNile, type DatabaseKind, type Db } from './pool';
import { prepareDatabase } from './prepare-database';

export const EMBEDDED_DATABASE = 'ferry';
export const EMBEDDED_APP_ROLE = 'ferry_app';

export type OpenDatabase = {
  kind: DatabaseKind;
  db: Db;
  /** The application role's connection string (embedded only), handed to the server and workers. */
  appUrl?: string;
  /** Where the data lives, without credentials, for people to read. */
  description: string;
  /** True when this process started the embedded cluster (and `close` stops it). */
  isClusterOwner: boolean;
  close(): Promise<void>;
};

export type OpenDatabaseOptions = { env?: Env; onLog?: (line: string) => void; /** Pool size (see poolSizeFor). */ poolSize?: number };

/**
 * The database selection shared by the server, the worker and the CLI: `DATABASE_URL` or Nile's
 * `NILEDB_*` when set, otherwise the embedded PostgreSQL under `DATA_DIR` (started, or attached to when
 * another Ferry process runs it). Ferry's own tables are brought up to date before it returns.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<OpenDatabase> {
  const env = options.env ?? getEnv();
  const kind = databaseKind(env);
  if (kind !== 'embedded' || env.DATABASE_URL) {
    const db = kind === 'nile' ? livePool(getPool) : createPool(env.DATABASE_URL as string, options.poolSize);
    // An external vanilla PostgreSQL gets Nile's built-in tables from its own role (which must own the
    // database); the embedded one got them from its superuser already.
    if (kind === 'external' && shouldEmulateNile(env)) await installEmulationAsOwner(db);
    await ensureConsoleSchema(db);
    const description =
      kind === 'nile' ? `Nile (${hostOf(env.NILEDB_POSTGRES_URL)})` : `${kind === 'embedded' ? 'embedded ' : ''}PostgreSQL at ${hostOf(env.DATABASE_URL)}`;
    return { kind, db, description, isClusterOwner: false, close: async () => (kind === 'nile' ? undefined : db.end()) };
  }

  const cluster = await openEmbeddedCluster({ dataDir: env.dataDir, onLog: options.onLog });
  const instance = loadInstanceFile(env.dataDir);
  try {
    const prepared = await prepareDatabase({
      host: '127.0.0.1', port: cluster.port, superUser: cluster.superUser, superPassword: cluster.superPassword,
      database: EMBEDDED_DATABASE, appRole: EMBEDDED_APP_ROLE, appPassword: instance.appPassword,
    });
    const db = createPool(prepared.appUrl, options.poolSize);
    await ensureConsoleSchema(db);
    return {
      kind: 'embedded', db, appUrl: prepared.appUrl, isClusterOwner: cluster.isOwner,
      description: `embedded PostgreSQL on 127.0.0.1:${cluster.port}, data in ${env.dataDir}`,
      close: async () => {
        await db.end();
        await cluster.stop();
      },
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

/** host[:port]/database of a connection string, never its credentials. */
export function hostOf(connectionString: string | undefined): string {
  if (!connectionString) return 'unknown';
  try {
    const url = new URL(connectionString);
    return `${url.host}${url.pathname}`;
  } catch {
    return 'unparseable URL';
  }
}

/** Installs the Nile emulation with the connected role, explaining what is missing when it may not. */
async function installEmulationAsOwner(db: Db): Promise<void> {
  const client = await db.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7001)');
    const { rows } = await client.query<{ role: string; installed: boolean }>(
      `SELECT current_user AS role, to_regclass('public.tenants') IS NOT NULL AND to_regclass('users.tenant_users') IS NOT NULL
              AND to_regprocedure('public.uuid_generate_v7()') IS NOT NULL AS installed`,
    );
    if (!rows[0]?.installed) await installNileEmulation(client, rows[0]?.role as string);
  } catch (error) {
    throw new Error(`Cannot prepare DATABASE_URL for Ferry (Nile's built-in tables and isolation): ${(error as Error).message}. Connect as the owner of the database, or set FERRY_NILE_EMULATION=false for a real Nile database.`);
  } finally {
    await client.query('SELECT pg_advisory_unlock(7001)').catch(() => undefined);
    client.release();
  }
}
