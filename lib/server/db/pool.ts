import pg from 'pg';
import { getEnv, type Env } from '../config/env';
import { registerOwnerPool } from './owner-pool';

export type Db = pg.Pool;
export type DatabaseKind = 'embedded' | 'external' | 'nile';

/** Which database this process talks to, from the environment (see the README's configuration table). */
export function databaseKind(env: Env = getEnv()): DatabaseKind {
  if (env.FERRY_DATABASE_KIND) return env.FERRY_DATABASE_KIND;
  if (env.DATABASE_URL) return 'external';
  if (env.NILEDB_USER || env.NILEDB_POSTGRES_URL) return 'nile';
  return 'embedded';
}

/**
 * True unless the target is a real Nile database: on vanilla PostgreSQL Ferry reproduces Nile's built-in
 * tables and isolation. `FERRY_NILE_EMULATION` decides when set (e.g. `false` for Nile reached through
 * DATABASE_URL); otherwise a Nile target (`NILEDB_*`) is not emulated.
 */
export function shouldEmulateNile(env: Env = getEnv()): boolean {
  return env.FERRY_NILE_EMULATION ?? databaseKind(env) !== 'nile';
}

type NileServer = { db: pg.Pool };
let nile: NileServer | undefined;
let pool: { url: string; pool: pg.Pool; owner: pg.Pool | null } | undefined;

function nileServer(env: Env): NileServer {
  if (!env.NILEDB_API_URL) {
    throw new Error('NILEDB_API_URL is required with NILEDB_* settings (the Nile SDK refuses to start without it).');
  }
  // Loaded only for a Nile target: the SDK reads ./.env on import.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('@niledatabase/server') as { Nile: (config: object) => NileServer };
  // TLS goes through pool options: the SDK drops query parameters such as ?sslmode=require (nile.md).
  nile ??= sdk.Nile({
    user: env.NILEDB_USER,
    password: env.NILEDB_PASSWORD,
    db: { ssl: env.NILEDB_TLS ? { rejectUnauthorized: true } : false, max: 10 },
  });
  return nile;
}

/**
 * The application's connection pool (the runtime role). For Nile the SDK's pool is read at every use,
 * because the SDK ends a pool that sat idle (nile.md); tenant context is never set through the SDK, only
 * through withTenant. With `DATABASE_OWNER_URL` (the embedded database always has one) a second pool of
 * the owner role is registered for DDL (owner-pool.ts).
 */
export function getPool(): Db {
  const env = getEnv();
  if (databaseKind(env) === 'nile') return survivable(nileServer(env).db);
  if (!env.DATABASE_URL) {
    throw new Error('DATABASE_URL is not set: start Ferry with `npm start` (embedded database) or set DATABASE_URL / NILEDB_*.');
  }
  if (pool?.url !== env.DATABASE_URL) {
    const runtime = createPool(env.DATABASE_URL);
    const owner = env.DATABASE_OWNER_URL ? createPool(env.DATABASE_OWNER_URL, 4) : null;
    if (owner) registerOwnerPool(runtime, owner);
    pool = { url: env.DATABASE_URL, pool: runtime, owner };
  }
  return pool.pool;
}

/**
 * Errors of connections that are not running a query (idle in the pool, or checked out and waiting,
 * like a session holding an advisory lock) are events: without a listener a database restart would
 * crash the process. The owner of such a connection learns of it at its next query.
 */
function survivable(pool: pg.Pool): pg.Pool {
  if (pool.listenerCount('error') === 0) {
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
  }
  return pool;
}

/**
 * A pool with Ferry's defaults: bounded size, a checkout that waits at most a minute (a starved pool
 * becomes an error, not a hang), and lost connections are not fatal to the process.
 */
export function createPool(connectionString: string, max = 10): pg.Pool {
  return survivable(new pg.Pool({ connectionString, max, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 60_000, application_name: 'ferry' }));
}

/** Connections a process with `concurrency` collection jobs needs: a lock session and a writer each, plus the rest. */
export function poolSizeFor(concurrency: number): number {
  return Math.max(10, 2 * concurrency + 6);
}

/**
 * A pool that reads the real one at every use. For Nile's SDK pool in long-lived processes (workers):
 * the SDK ends a pool that sat idle, so holding on to one object would fail later (nile.md).
 */
export function livePool(resolve: () => pg.Pool): Db {
  return new Proxy({} as pg.Pool, {
    get(_, property) {
      const pool = resolve();
      const value = Reflect.get(pool, property, pool) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(pool) : value;
    },
  });
}
