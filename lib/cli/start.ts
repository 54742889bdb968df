import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { bootstrapAdmin } from '../server/auth/bootstrap-admin';
import { getEnv } from '../server/config/env';
import { configureRuntime } from '../server/config/runtime-config';
import { loadInstanceFile } from '../server/config/instance-file';
import { openDatabase } from '../server/db/open-database';
import { poolSizeFor } from '../server/db/pool';
import { startHealthMonitor } from '../server/health/health-monitor';
import { hotReadFor, serveHotRead } from '../server/http/hot-reads';
import { guardApiRequest } from './api-guard';
import { buildIfStale } from './build-if-stale';
import { guardAgainstConnectionLoss } from './connection-loss-guard';
import { prepareDemoSource } from './prepare-demo-source';
import { sanitizeForwardedHeaders } from './sanitize-headers';
import { startWorkerProcess } from './worker-process';

/**
 * `npm start` (and `npm run dev` with --dev): one process that opens the database (embedded PostgreSQL
 * under DATA_DIR unless DATABASE_URL / NILEDB_* say otherwise), brings Ferry's tables up to date,
 * creates the first admin, builds the console if needed, serves it, and on SIGINT/SIGTERM stops
 * serving and shuts the embedded database down cleanly.
 */
async function main(): Promise<void> {
  guardAgainstConnectionLoss();
  const started = Date.now();
  const isDev = process.argv.includes('--dev');
  const root = path.resolve(__dirname, '..', '..');
  const env = getEnv();
  const say = (line: string) => console.log(`[ferry] ${line}`);

  const opened = await openDatabase({ env, poolSize: poolSizeFor(env.FERRY_WORKER_CONCURRENCY) });
  say(`database: ${opened.description}`);
  const instance = loadInstanceFile(env.dataDir);
  // What the served console needs to know is handed over as configuration, not written into process.env.
  configureRuntime({ databaseUrl: opened.appUrl, ownerDatabaseUrl: opened.ownerUrl, databaseKind: opened.kind, authSecret: instance.authSecret });
  process.env.NEXT_TELEMETRY_DISABLED = '1'; // read by Next.js itself
  // Read by next-auth itself: without a public URL, links it builds (the sign-out redirect) use the
  // request's host; otherwise they would point at http://localhost:3000.
  if (!env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST = 'true';

  const admin = await bootstrapAdmin(opened.db, env);
  if (admin.created && admin.generatedPassword) {
    say('created the first Level-1 admin. This password is shown once; store it now:');
    say(`  email:    ${admin.email}`);
    say(`  password: ${admin.generatedPassword}`);
  } else if (admin.created) {
    say(`created the first Level-1 admin ${admin.email} from ADMIN_EMAIL/ADMIN_PASSWORD`);
  }

  const demo = await prepareDemoSource(env);
  if (demo) say(demo);
  const worker = startWorkerProcess(say);
  say('migration worker starting in its own process (more can run with `npm run worker`)');
  // One server per database leads the monitor (an advisory lock): samples health, fires alerts.
  const monitor = startHealthMonitor(opened.db);

  if (!isDev) {
    const seconds = buildIfStale(root, say);
    if (seconds > 0) say(`console built in ${seconds} s`);
  }

  const app = next({ dev: isDev, dir: root, hostname: env.HOST, port: env.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => {
    sanitizeForwardedHeaders(req, env.TRUST_PROXY);
    if (guardApiRequest(req, res)) return;
    const hot = hotReadFor(req);
    if (!hot) return void handle(req, res);
    void serveHotRead(opened.db, req, res, hot).then((served) => {
      if (!served) void handle(req, res);
    });
  });
  if (isDev) {
    const upgrade = app.getUpgradeHandler();
    server.on('upgrade', (req, socket, head) => void upgrade(req, socket, head));
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.PORT, env.HOST, resolve);
  });
  const shownHost = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
  say(`console ready in ${((Date.now() - started) / 1000).toFixed(1)} s: http://${shownHost}:${env.PORT}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping`);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await monitor.stop().catch(() => undefined);
    await worker.stop().catch(() => undefined);
    await opened.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`[ferry] could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
