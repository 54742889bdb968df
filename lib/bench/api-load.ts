/**
 * `npm run bench:api-load [-- --docs 1000000 --seconds 30]`
 *
 * Watching a migration must not slow it down. Runs the real console (`npm start`'s launcher, the built
 * Next.js app, an embedded PostgreSQL) on the generated store three times: once migrating with nobody
 * watching; once with 50 operators polling `GET /api/migration/progress` every second and 50
 * stakeholders polling `GET /api/migration/status` every 4 s for `--seconds` (open loop, each person
 * starting at a random moment: watchers.ts, a process of its own like browsers on other machines);
 * and once with the same watchers all asking in the same instant every period (the worst case). Prints
 * latency p50/p95/p99 and errors of both endpoints, the run's throughput with watchers against without
 * (target: slowed by ≤ 10%; p95 < 50 ms, no errors), and, after the run, each endpoint's closed-loop
 * capacity at 50 connections (autocannon) against `GET /api/health` measured the same way (target ≥
 * 0.5× health's requests/s).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { buildIfStale } from '../cli/build-if-stale';
import { findFreePort } from '../server/db/free-port';
import { generateBenchStore, option, printer, ratio, round1 } from './bench-kit';
import type { GroupResult, WatchersConfig } from './watchers';

const docs = option('docs', 1_000_000);
const seconds = option('seconds', 30);
const print = printer('api-load');
const root = path.resolve(__dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const admin = { email: 'bench@ferry.local', password: crypto.randomBytes(18).toString('base64url') };

type Server = { url: string; token: string; stop(): Promise<void> };

async function startServer(legacyDir: string): Promise<Server> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-api-'));
  fs.chmodSync(dataDir, 0o755);
  const port = await findFreePort();
  const env = { ...process.env, DATA_DIR: dataDir, LEGACY_DIR: legacyDir, PORT: String(port), ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, LOG_LEVEL: 'warn' };
  const child: ChildProcess = spawn(tsx, ['lib/cli/start.ts'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`the server exited ${child.exitCode}`);
    if ((await fetch(`${url}/api/health`).catch(() => null))?.ok) break;
    if (attempt > 600) throw new Error('the server did not start within 2 minutes');
    await new Promise((r) => setTimeout(r, 200));
  }
  const cli = spawn(tsx, ['lib/cli/ferry.ts', 'token', 'create', '--email', admin.email, '--name', 'bench'], { cwd: root, env: { ...env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  cli.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => cli.once('exit', resolve));
  const token = out.trim().split('\n').at(-1) as string;
  return {
    url, token,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** autocannon against one endpoint; latency percentiles from every response (autocannon reports no p95). */
async function load(server: Server, endpoint: string, options: { connections: number; duration: number; overallRate?: number }) {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: `${server.url}${endpoint}`, headers: { authorization: `Bearer ${server.token}` }, ...options }, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  return {
    endpoint, requests: result.requests.total, requestsPerSecond: Math.round(result.requests.average),
    errors: result.errors + result.timeouts + result.non2xx,
    p50: round1(percentile(latencies, 50)), p95: round1(percentile(latencies, 95)), p99: round1(percentile(latencies, 99)),
  };
}

async function api<T>(server: Server, method: string, endpoint: string): Promise<T> {
  const response = await fetch(`${server.url}${endpoint}`, { method, headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
  if (!response.ok) throw new Error(`${method} ${endpoint}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The watchers of the issue for `seconds`, in a process (and scheduler session) of their own. */
async function watch(server: Server, inStep: boolean): Promise<GroupResult[]> {
  const config: WatchersConfig = {
    url: server.url, token: server.token, seconds, inStep,
    groups: [{ endpoint: '/api/migration/progress', clients: 50, everyMs: 1000 }, { endpoint: '/api/migration/status', clients: 50, everyMs: 4000 }],
  };
  const child = spawn(tsx, ['lib/bench/watchers.ts', JSON.stringify(config)], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the watchers exited ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1) as string) as GroupResult[];
}

/** One migration through the API, optionally watched; its seconds and rows/s. */
async function migrate(server: Server, watchers: 'spread' | 'in step' | null) {
  const started = performance.now();
  await api(server, 'POST', '/api/migration/start');
  const watching = watchers ? watch(server, watchers === 'in step') : null;
  let progress = await api<{ state: string; processed: number }>(server, 'GET', '/api/migration/progress');
  while (!['completed', 'failed'].includes(progress.state)) {
    await new Promise((r) => setTimeout(r, 250));
    progress = await api(server, 'GET', '/api/migration/progress');
  }
  const elapsed = (performance.now() - started) / 1000;
  if (progress.state !== 'completed') throw new Error('the run failed');
  return { seconds: round1(elapsed), rowsPerSecond: Math.round(progress.processed / elapsed), watchers: watching ? await watching : null };
}

async function main(): Promise<void> {
  const legacyDir = await generateBenchStore({ docs, collections: 20, tenants: 50 }, print);
  const built = buildIfStale(root, (line) => print({ step: line }));
  if (built > 0) print({ step: 'built the console', seconds: built });
  const quiet = await startServer(legacyDir);
  const unwatched = await migrate(quiet, null).finally(() => quiet.stop());
  print({ round: 'no watchers', ...unwatched });
  const stepping = await startServer(legacyDir);
  const inStep = await migrate(stepping, 'in step').finally(() => stepping.stop());
  print({ round: '50 + 50 watchers asking in step (worst case)', seconds: inStep.seconds, rowsPerSecond: inStep.rowsPerSecond, watchers: inStep.watchers });
  const busy = await startServer(legacyDir);
  try {
    const watched = await migrate(busy, 'spread');
    print({ round: '50 + 50 watchers', seconds: watched.seconds, rowsPerSecond: watched.rowsPerSecond, watchers: watched.watchers });
    const capacity = [];
    for (const endpoint of ['/api/health', '/api/migration/progress', '/api/migration/status']) capacity.push(await load(busy, endpoint, { connections: 50, duration: 10 }));
    const health = capacity[0]?.requestsPerSecond ?? 1;
    print({
      docs, watchSeconds: seconds,
      slowdown: ratio(watched.seconds / unwatched.seconds), targetSlowdown: 1.1,
      latency: watched.watchers?.map((w) => ({ endpoint: w.endpoint, p50: w.p50, p95: w.p95, p99: w.p99, errors: w.errors, requests: w.requests })), targetP95Ms: 50,
      inStep: { slowdown: ratio(inStep.seconds / unwatched.seconds), latency: inStep.watchers?.map((w) => ({ endpoint: w.endpoint, p50: w.p50, p95: w.p95, p99: w.p99, errors: w.errors })) },
      closedLoop: capacity.map((c) => ({ endpoint: c.endpoint, requestsPerSecond: c.requestsPerSecond, p50: c.p50, ratioToHealth: ratio(c.requestsPerSecond / health) })), targetRatioToHealth: 0.5,
    });
  } finally {
    await busy.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
