import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyStore } from '../demo/generate-legacy-store';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { startMigration } from './runs/start-migration';
import { stopQueue } from '../jobs/job-queue';
import { demoMappingSource, prepareTarget, snapshotTargetRows, waitForRun } from './testing/migration-fixture';
import { workerProcesses } from './testing/worker-processes';

const legacyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-crash-'));
const workers = workerProcesses(legacyDir);
let interrupted: TestDatabase;
let uninterrupted: TestDatabase;

beforeAll(async () => {
  await generateLegacyStore(legacyDir, { scale: 3 });
  [interrupted, uninterrupted] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  await prepareTarget(interrupted.db);
  await prepareTarget(uninterrupted.db);
});

afterAll(async () => {
  workers.killAll();
  await stopQueue();
  await Promise.all([interrupted.drop(), uninterrupted.drop()]);
  fs.rmSync(legacyDir, { recursive: true, force: true });
});

describe('crash and resume', { timeout: 240_000 }, () => {
  it('a worker SIGKILLed mid-run is replaced, and the resumed result equals an uninterrupted run row for row', async () => {
    const source = demoMappingSource(legacyDir);

    const { runId } = await startMigration({ db: interrupted.db, actor: 'test', source });
    const first = await workers.start(interrupted.appUrl, interrupted.ownerUrl);
    const midway = await waitForRun(interrupted.db, runId, ['running', 'completed'], 60_000, (p) => p.processed > p.total * 0.3);
    expect(midway.state).toBe('running'); // killed mid-run, not after it
    process.kill(first.pid, 'SIGKILL');
    first.child.kill('SIGKILL');
    expect(midway.processed).toBeLessThan(midway.total);
    const afterKill = (await interrupted.db.query(`SELECT state FROM ferry.migration_runs WHERE id = $1`, [runId])).rows[0];
    expect(afterKill.state).toBe('running');

    await workers.start(interrupted.appUrl, interrupted.ownerUrl); // a fresh worker picks the orphaned collection up from its checkpoints
    const resumed = await waitForRun(interrupted.db, runId, ['completed'], 120_000);
    expect(resumed.processed).toBe(resumed.total);

    const clean = await startMigration({ db: uninterrupted.db, actor: 'test', source });
    await workers.start(uninterrupted.appUrl, uninterrupted.ownerUrl);
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
