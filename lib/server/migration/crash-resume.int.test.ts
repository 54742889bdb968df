import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyStore } from '../demo/generate-legacy-store';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { startMigration } from './runs/start-migration';
import { stopQueue } from './runs/queue';
import { demoMappingSource, prepareTarget, snapshotTargetRows, waitForRun } from './testing/migration-fixture';

const legacyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-crash-'));
const tsx = path.resolve('node_modules/.bin/tsx');
let interrupted: TestDatabase;
let uninterrupted: TestDatabase;
const children: ChildProcess[] = [];
/** The node processes doing the work (tsx runs each as a child of the process we spawn). */
const workerPids: number[] = [];

/** A real `npm run worker` process on a database; resolves with the pid of the node process doing the work. */
function spawnWorker(t: TestDatabase): Promise<{ child: ChildProcess; pid: number }> {
  const child = spawn(tsx, ['lib/cli/worker.ts'], {
    env: { ...process.env, DATABASE_URL: t.appUrl, LEGACY_DIR: legacyDir, FERRY_BATCH_SIZE: '20', LOG_LEVEL: 'silent', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /pid (\d+) working/.exec(output);
      if (match) {
        workerPids.push(Number(match[1]));
        resolve({ child, pid: Number(match[1]) });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`worker exited ${code}: ${output}`)));
  });
}

beforeAll(async () => {
  await generateLegacyStore(legacyDir, { scale: 3 });
  [interrupted, uninterrupted] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  await prepareTarget(interrupted.db);
  await prepareTarget(uninterrupted.db);
});

afterAll(async () => {
  for (const pid of workerPids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const child of children) child.kill('SIGKILL');
  await stopQueue();
  await Promise.all([interrupted.drop(), uninterrupted.drop()]);
  fs.rmSync(legacyDir, { recursive: true, force: true });
});

describe('crash and resume', { timeout: 240_000 }, () => {
  it('a worker SIGKILLed mid-run is replaced, and the resumed result equals an uninterrupted run row for row', async () => {
    const source = demoMappingSource(legacyDir);

    const { runId } = await startMigration({ db: interrupted.db, actor: 'test', source });
    const first = await spawnWorker(interrupted);
    const midway = await waitForRun(interrupted.db, runId, ['running', 'completed'], 60_000, (p) => p.processed > p.total * 0.3);
    expect(midway.state).toBe('running'); // killed mid-run, not after it
    process.kill(first.pid, 'SIGKILL');
    first.child.kill('SIGKILL');
    expect(midway.processed).toBeLessThan(midway.total);
    const afterKill = (await interrupted.db.query(`SELECT state FROM ferry.migration_runs WHERE id = $1`, [runId])).rows[0];
    expect(afterKill.state).toBe('running');

    await spawnWorker(interrupted); // a fresh worker picks the orphaned collection up from its checkpoints
    const resumed = await waitForRun(interrupted.db, runId, ['completed'], 120_000);
    expect(resumed.processed).toBe(resumed.total);

    const clean = await startMigration({ db: uninterrupted.db, actor: 'test', source });
    await spawnWorker(uninterrupted);
    await waitForRun(uninterrupted.db, clean.runId, ['completed'], 120_000);

    const a = await snapshotTargetRows(interrupted.db);
    const b = await snapshotTargetRows(uninterrupted.db);
    for (const table of Object.keys(b)) {
      expect(a[table]?.length, table).toBe(b[table]?.length);
      expect(a[table], table).toEqual(b[table]);
    }
    const rows = Object.values(b).reduce((sum, list) => sum + list.length, 0);
    expect(rows).toBeGreaterThan(5000);
  });
});
