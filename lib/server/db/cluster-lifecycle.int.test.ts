import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadInstanceFile } from '../config/instance-file';
import { createSeededRandom } from '../demo/seeded-random';
import { isAlive, openEmbeddedCluster, readPostmaster } from './embedded-cluster';

/*
 * Servers, workers and CLI commands start and stop on one DATA_DIR in random order, ending with SIGTERM
 * or SIGKILL: afterwards no postgres may remain, and the next start must reuse the data intact.
 * `FERRY_STRESS=1` (npm run test:stress) runs many more steps.
 */
const steps = process.env.FERRY_STRESS === '1' ? 80 : 14;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-lifecycle-'));
fs.chmodSync(dataDir, 0o755);
const pgDir = path.join(dataDir, 'pg');
const tsx = path.resolve('node_modules/.bin/tsx');
const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', FERRY_BATCH_SIZE: '50' };
const children = new Set<{ child: ChildProcess; pid: number }>();

afterAll(() => {
  for (const { pid, child } of children) {
    for (const target of [pid, child.pid ?? 0]) if (target > 0 && isAlive(target)) process.kill(target, 'SIGKILL');
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Processes whose command line names this data directory's PostgreSQL (postmaster and backends). */
function postgresProcesses(): number[] {
  return fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
    try {
      return fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(pgDir);
    } catch {
      return false;
    }
  }).map(Number);
}

/** Starts a Ferry process and resolves with the pid doing the work once it says it is ready. */
function launch(kind: 'holder' | 'worker'): Promise<{ child: ChildProcess; pid: number }> {
  const args = kind === 'holder' ? ['lib/server/testing/hold-cluster.ts', dataDir] : ['lib/cli/worker.ts'];
  const child = spawn(tsx, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const pid = kind === 'holder' ? /"pid":(\d+)/.exec(out)?.[1] : /pid (\d+) working/.exec(out)?.[1];
      if (pid) {
        const entry = { child, pid: Number(pid) };
        children.add(entry);
        resolve(entry);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${kind} exited ${code} before it was ready: ${out.slice(-500)}`)));
  });
}

/** A CLI command that opens the database, works and leaves. */
function cli(): Promise<void> {
  const child = spawn(tsx, ['lib/cli/ferry.ts', 'user', 'list'], { env, stdio: 'ignore' });
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stop(entry: { child: ChildProcess; pid: number }, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  children.delete(entry);
  process.kill(entry.pid, signal);
  if (signal === 'SIGKILL') entry.child.kill('SIGKILL');
  const deadline = Date.now() + 30_000;
  while (isAlive(entry.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

async function query(sql: string): Promise<pg.QueryResult> {
  const cluster = await openEmbeddedCluster({ dataDir });
  const client = new pg.Client({ host: '127.0.0.1', port: cluster.port, user: 'postgres', password: loadInstanceFile(dataDir).superPassword, database: 'postgres' });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
    await cluster.stop();
  }
}

describe('embedded PostgreSQL lifecycle under random starts and stops', { timeout: 600_000 }, () => {
  it('leaves no postgres behind and keeps the data', async () => {
    await query(`CREATE TABLE keepsake (v text); INSERT INTO keepsake VALUES ('intact')`);
    const random = createSeededRandom(Number(process.env.FERRY_STRESS_SEED ?? 7));
    const running: { child: ChildProcess; pid: number }[] = [];
    for (let step = 0; step < steps; step += 1) {
      const action = running.length === 0 ? random.pick(['holder', 'worker', 'cli'] as const) : random.pick(['holder', 'worker', 'cli', 'stop', 'stop'] as const);
      if (action === 'cli') await cli();
      else if (action === 'stop') {
        const victim = running.splice(random.int(0, running.length - 1), 1)[0] as { child: ChildProcess; pid: number };
        await stop(victim, random.chance(0.5) ? 'SIGTERM' : 'SIGKILL');
      } else if (running.length < 3) running.push(await launch(action));
    }
    for (const entry of running.splice(0)) await stop(entry, random.chance(0.5) ? 'SIGTERM' : 'SIGKILL');

    const deadline = Date.now() + 30_000;
    while (postgresProcesses().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(postgresProcesses()).toEqual([]);
    expect(readPostmaster(pgDir)).toBeUndefined(); // stopped cleanly, or by the watchdog's fast shutdown

    const { rows } = await query(`SELECT v FROM keepsake`);
    expect(rows).toEqual([{ v: 'intact' }]);
    expect(postgresProcesses()).toEqual([]);
  });
});
