import { getEnv, type Env } from '../config/env';
import { loadInstanceFile } from '../config/instance-file';
import { ensureConsoleSchema } from '../console-db/console-migrations';
import { openEmbeddedCluster, pgDataDirOf } from './embedded-cluster';
import { locks, unlock, waitLock } from './advisory-locks';
import { installNileEmulation } from './nile-emulation';
import { registerOwnerPool } from './owner-pool';
import { createPool, databaseKind, getPool, livePool, shouldEmulateNile, type DatabaseKind, type Db } from './pool';
import { prepareDatabase } from './prepare-database';

export const EMBEDDED_DATABASE = 'ferry';
export const EMBEDDED_APP_ROLE = 'ferry_app';
export const EMBEDDED_OWNER_ROLE = 'ferry_owner';

export type OpenDatabase = {
  kind: DatabaseKind;
  db: Db;
  /** The runtime role's connection string (embedded only), handed to the server it serves. */
  appUrl?: string;
  /** The owner role's connection string (embedded only), for DDL. */
  ownerUrl?: string;
  /** Where the data lives, without credentials, for people to read. */
  description: string;
  /** True when this process started the embedded cluster (and `close` stops it). */
  isClusterOwner: boolean;
  /** PostgreSQL's data directory when the database is the embedded cluster on this machine. */
  pgDataDir?: string;
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
    // DDL goes through DATABASE_OWNER_URL's role when one is given; else the one role does both.
    const owner = kind !== 'nile' && env.DATABASE_OWNER_URL ? createPool(env.DATABASE_OWNER_URL, 4) : null;
    if (owner) registerOwnerPool(db, owner);
    // An external vanilla PostgreSQL gets Nile's built-in tables from its owning role; the embedded one
    // got them from its superuser already.
    if (kind === 'external' && shouldEmulateNile(env)) await installEmulationAsOwner(owner ?? db, owner ? [env.DATABASE_URL as string] : []);
    await ensureConsoleSchema(db);
    const description =
      kind === 'nile' ? `Nile (${hostOf(env.NILEDB_POSTGRES_URL)})` : `${kind === 'embedded' ? 'embedded ' : ''}PostgreSQL at ${hostOf(env.DATABASE_URL)}`;
    const close = async () => {
      if (kind === 'nile') return;
      await db.end();
      await owner?.end();
    };
    return { kind, db, description, isClusterOwner: false, close };
  }

  const cluster = await openEmbeddedCluster({ dataDir: env.dataDir, onLog: options.onLog });
  const instance = loadInstanceFile(env.dataDir);
  try {
    const prepared = await prepareDatabase({
      host: '127.0.0.1', port: cluster.port, superUser: cluster.superUser, superPassword: cluster.superPassword,
      database: EMBEDDED_DATABASE, appRole: EMBEDDED_APP_ROLE, appPassword: instance.appPassword,
      ownerRole: EMBEDDED_OWNER_ROLE, ownerPassword: instance.ownerPassword, strict: env.FERRY_NILE_STRICT,
    });
    const db = createPool(prepared.appUrl, options.poolSize);
    const owner = createPool(prepared.ownerUrl, 4);
    registerOwnerPool(db, owner);
    await ensureConsoleSchema(db);
    return {
      kind: 'embedded', db, appUrl: prepared.appUrl, ownerUrl: prepared.ownerUrl, isClusterOwner: cluster.isOwner, pgDataDir: pgDataDirOf(env.dataDir),
      description: `embedded PostgreSQL on 127.0.0.1:${cluster.port}, data in ${env.dataDir}`,
      close: async () => {
        await db.end();
        await owner.end();
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

/**
 * Installs the Nile emulation with the connected role (the database's owner), granting `otherUrls`'
 * roles the same use of the built-in tables, and explaining what is missing when it may not.
 */
async function installEmulationAsOwner(db: Db, otherUrls: string[]): Promise<void> {
  const client = await db.connect();
  try {
    await waitLock(client, locks.setup());
    const { rows } = await client.query<{ role: string; installed: boolean }>(
      `SELECT current_user AS role, to_regclass('public.tenants') IS NOT NULL AND to_regclass('users.tenant_users') IS NOT NULL
              AND to_regprocedure('public.uuid_generate_v7()') IS NOT NULL AS installed`,
    );
    const others = otherUrls.map((u) => decodeURIComponent(new URL(u).username));
    if (!rows[0]?.installed) await installNileEmulation(client, [rows[0]?.role as string, ...others]);
  } catch (error) {
    throw new Error(`Cannot prepare DATABASE_URL for Ferry (Nile's built-in tables and isolation): ${(error as Error).message}. Connect as the owner of the database, or set FERRY_NILE_EMULATION=false for a real Nile database.`);
  } finally {
    await unlock(client, locks.setup()).catch(() => undefined);
    client.release();
  }
}
