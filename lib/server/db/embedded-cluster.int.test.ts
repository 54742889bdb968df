import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadInstanceFile } from '../config/instance-file';
import { isAlive, openEmbeddedCluster, readPostmaster } from './embedded-cluster';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-cluster-'));
fs.chmodSync(dataDir, 0o755);
const tsx = path.resolve('node_modules/.bin/tsx');

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const postmasterPid = () => readPostmaster(path.join(dataDir, 'pg'))?.pid ?? null;

async function query(port: number, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: loadInstanceFile(dataDir).superPassword, database: 'postgres' });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Another Ferry process using the cluster (the fixture prints its port and the pid doing the work). */
function holdCluster(): Promise<{ port: number; isOwner: boolean; pid: number }> {
  const child = spawn(tsx, ['lib/server/testing/hold-cluster.ts', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString())));
    child.once('exit', (code) => reject(new Error(`fixture exited ${code}`)));
  });
}

async function waitUntilDead(pid: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

describe('embedded cluster lifecycle', () => {
  it('is shared: it keeps running while any user remains, and the last user to leave stops it', async () => {
    const first = await openEmbeddedCluster({ dataDir });
    expect(first.isOwner).toBe(true);
    const second = await openEmbeddedCluster({ dataDir }); // e.g. `npm start` after `npm run worker`
    expect(second).toMatchObject({ port: first.port, isOwner: false });
    const pid = postmasterPid() as number;
    await first.stop(); // the owner leaves first: the cluster stays for the other user
    expect((await query(second.port, 'SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    await second.stop();
    await waitUntilDead(pid);
    expect(isAlive(pid)).toBe(false);
    expect(postmasterPid()).toBeNull(); // stopped cleanly: no pid file left behind
  });

  it('when every user is SIGKILLed, the watchdog stops it, and the next start reuses the data and the port', async () => {
    const holder = await holdCluster();
    expect(holder.isOwner).toBe(true);
    await query(holder.port, `CREATE TABLE survivor (id int); INSERT INTO survivor VALUES (42)`);
    const pid = postmasterPid() as number;
    process.kill(holder.pid, 'SIGKILL'); // the only user dies without leaving
    await waitUntilDead(pid);
    expect(isAlive(pid)).toBe(false); // the watchdog shut it down (fast shutdown: a clean checkpoint)

    const again = await openEmbeddedCluster({ dataDir });
    try {
      expect(again).toMatchObject({ port: holder.port, isOwner: true });
      expect((await query(again.port, `SELECT id FROM survivor`)).rows).toEqual([{ id: 42 }]);
    } finally {
      await again.stop();
    }
  });

  it('a dead watchdog whose pid another process reuses does not leave the cluster unguarded', async () => {
    // The recorded watchdog is "alive", but it is this test process (a reused pid), not a watchdog.
    const postmaster = readPostmaster(path.join(dataDir, 'pg'))?.pid ?? 0;
    fs.writeFileSync(path.join(dataDir, 'watchdog.json'), JSON.stringify({ pid: process.pid, postmaster }));
    fs.writeFileSync(path.join(dataDir, 'watchdog.pid'), String(process.pid)); // the record earlier versions kept
    const holder = await holdCluster();
    const pid = postmasterPid() as number;
    process.kill(holder.pid, 'SIGKILL');
    await waitUntilDead(pid);
    expect(isAlive(pid)).toBe(false);
  });
});
