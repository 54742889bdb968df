import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyStore } from '../demo/generate-legacy-store';
import { openEmbeddedCluster, type EmbeddedCluster } from '../db/embedded-cluster';
import { createPool, type Db } from '../db/pool';
import { prepareDatabase } from '../db/prepare-database';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { startMigration } from './runs/start-migration';
import { stopQueue } from './runs/queue';
import { demoMappingSource, prepareTarget, snapshotTargetRows, waitForRun } from './testing/migration-fixture';

// A cluster of its own: restarting the run's shared test cluster would disturb other test files.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-restart-'));
fs.chmodSync(dataDir, 0o755);
const legacyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-restart-legacy-'));
const tsx = path.resolve('node_modules/.bin/tsx');
let cluster: EmbeddedCluster;
let db: Db;
let appUrl: string;
let reference: TestDatabase;
const pids: number[] = [];
const children: ChildProcess[] = [];

function spawnWorker(url: string): Promise<void> {
  const child = spawn(tsx, ['lib/cli/worker.ts'], { env: { ...process.env, DATABASE_URL: url, LEGACY_DIR: legacyDir, FERRY_BATCH_SIZE: '20', LOG_LEVEL: 'silent', NODE_ENV: 'test' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /pid (\d+) working/.exec(output);
      if (match) {
        pids.push(Number(match[1]));
        resolve();
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`worker exited ${code}: ${output}`)));
  });
}

beforeAll(async () => {
  await generateLegacyStore(legacyDir, { scale: 3 });
  cluster = await openEmbeddedCluster({ dataDir });
  const prepared = await prepareDatabase({ host: '127.0.0.1', port: cluster.port, superUser: cluster.superUser, superPassword: cluster.superPassword, database: 'restart', appRole: 'ferry_app', appPassword: 'restart-password' });
  appUrl = prepared.appUrl;
  db = createPool(appUrl, 4);
  await prepareTarget(db);
  reference = await createTestDatabase();
  await prepareTarget(reference.db);
});

afterAll(async () => {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  for (const child of children) child.kill('SIGKILL');
  await stopQueue();
  await db.end();
  await reference.drop();
  await cluster.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(legacyDir, { recursive: true, force: true });
});

describe('a database restart mid-run', { timeout: 240_000 }, () => {
  it('the run resumes once PostgreSQL is back and ends equal to an uninterrupted run', async () => {
    const source = demoMappingSource(legacyDir);
    const { runId } = await startMigration({ db, actor: 'test', source });
    await stopQueue(); // this process's queue connection would not survive the restart either
    await spawnWorker(appUrl);
    const midway = await waitForRun(db, runId, ['running'], 60_000, (p) => p.processed > p.total * 0.3);
    expect(midway.processed).toBeLessThan(midway.total);

    await cluster.stop(); // fast shutdown: every connection of the worker is cut
    cluster = await openEmbeddedCluster({ dataDir }); // same data directory, same port
    expect(cluster.isOwner).toBe(true);

    const resumed = await waitForRun(db, runId, ['completed'], 120_000);
    expect(resumed.processed).toBe(resumed.total);

    const clean = await startMigration({ db: reference.db, actor: 'test', source });
    await spawnWorker(reference.appUrl);
    await waitForRun(reference.db, clean.runId, ['completed'], 120_000);
    const a = await snapshotTargetRows(db);
    const b = await snapshotTargetRows(reference.db);
    for (const table of Object.keys(b)) expect(a[table], table).toEqual(b[table]);
  });
});
