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

describe('embedded cluster lifecycle', () => {
  it('a SIGKILLed owner leaves no postgres running, and the next start reuses the data and the port', async () => {
    const child = spawn(tsx, ['lib/server/testing/hold-cluster.ts', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const first = await new Promise<{ port: number; isOwner: boolean; pid: number }>((resolve, reject) => {
      child.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString())));
      child.once('exit', (code) => reject(new Error(`fixture exited ${code}`)));
    });
    expect(first.isOwner).toBe(true);
    await query(first.port, `CREATE TABLE survivor (id int); INSERT INTO survivor VALUES (42)`);
    const pid = postmasterPid() as number;
    expect(isAlive(pid)).toBe(true);

    // Another process attaches instead of starting a second cluster on the same data.
    const attached = await openEmbeddedCluster({ dataDir });
    expect(attached).toMatchObject({ port: first.port, isOwner: false });

    process.kill(first.pid, 'SIGKILL'); // the owning node process itself (tsx runs it as a child)
    child.kill('SIGKILL');
    const deadline = Date.now() + 15_000;
    while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(pid)).toBe(false); // the watchdog shut it down (fast shutdown: a clean checkpoint)

    const again = await openEmbeddedCluster({ dataDir });
    try {
      expect(again).toMatchObject({ port: first.port, isOwner: true });
      expect(postmasterPid()).not.toBe(pid);
      const { rows } = await query(again.port, `SELECT id FROM survivor`);
      expect(rows).toEqual([{ id: 42 }]);
    } finally {
      await again.stop();
    }
    expect(postmasterPid()).toBeNull(); // stopped cleanly: no pid file left behind
  });
});
