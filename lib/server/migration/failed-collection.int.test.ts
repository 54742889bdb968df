import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyStore } from '../demo/generate-legacy-store';
import { stopQueue } from '../jobs/job-queue';
import { startWorker, type Worker } from '../jobs/worker';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { startMigration } from './runs/start-migration';
import { demoMappingSource, prepareTarget, snapshotTargetRows, waitForRun } from './testing/migration-fixture';

const legacyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-failed-'));
let failing: TestDatabase;
let clean: TestDatabase;
const workers: Worker[] = [];

beforeAll(async () => {
  await generateLegacyStore(legacyDir);
  [failing, clean] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  await prepareTarget(failing.db);
  await prepareTarget(clean.db);
});

afterAll(async () => {
  for (const worker of workers) await worker.stop();
  await stopQueue();
  await Promise.all([failing.drop(), clean.drop()]);
  fs.rmSync(legacyDir, { recursive: true, force: true });
});

describe('one failed collection does not stop the others', { timeout: 120_000 }, () => {
  it('the others complete, the run fails naming it, and start then loads only what did not complete', async () => {
    const source = demoMappingSource(legacyDir);
    // `companies` fails: its file changes (modification time) between the start and its job. `leads`
    // references companies, so it cannot load either; every other collection must.
    const companies = path.join(legacyDir, 'companies.db');
    const mtime = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000); // whole seconds: restorable exactly
    fs.utimesSync(companies, mtime, mtime);
    const { runId } = await startMigration({ db: failing.db, actor: 'test', source });
    fs.utimesSync(companies, mtime, new Date(mtime.getTime() + 60_000));
    workers.push(await startWorker(failing.db));

    const failed = await waitForRun(failing.db, runId, ['failed'], 60_000);
    const byName = new Map(failed.collections.map((c) => [c.name, c.state]));
    expect(byName.get('companies')).toBe('failed');
    expect(byName.get('leads')).toBe('pending');
    const others = failed.collections.filter((c) => c.name !== 'companies' && c.name !== 'leads');
    expect(others.length).toBeGreaterThan(10);
    expect(others.every((c) => c.state === 'completed')).toBe(true);
    const run = (await failing.db.query(`SELECT error, finished_at FROM ferry.migration_runs WHERE id = $1`, [runId])).rows[0];
    expect(run.error).toMatch(/^1 of \d+ collection\(s\) failed \(\d+ completed\): companies: .*changed since the run started/);
    expect(run.finished_at).not.toBeNull();
    const loadedBefore = await failing.db.query(`SELECT collection, migrated FROM ferry.run_collections WHERE run_id = $1 AND state = 'completed' ORDER BY collection`, [runId]);

    // The file is back as it was: start retries the same run, and only companies and leads load.
    fs.utimesSync(companies, mtime, mtime);
    const retried = await startMigration({ db: failing.db, actor: 'test', source });
    expect(retried).toEqual({ runId, resumed: true });
    const done = await waitForRun(failing.db, runId, ['completed'], 60_000);
    expect(done.collections.every((c) => c.state === 'completed' && c.accounting?.balanced === true)).toBe(true);
    const loadedAfter = await failing.db.query(`SELECT collection, migrated FROM ferry.run_collections WHERE run_id = $1 AND collection = ANY($2) ORDER BY collection`, [runId, loadedBefore.rows.map((r) => r.collection)]);
    expect(loadedAfter.rows).toEqual(loadedBefore.rows); // completed collections were not loaded again

    // Exactly once: the result equals an uninterrupted run row for row.
    const reference = await startMigration({ db: clean.db, actor: 'test', source });
    workers.push(await startWorker(clean.db));
    await waitForRun(clean.db, reference.runId, ['completed'], 60_000);
    const a = await snapshotTargetRows(failing.db);
    const b = await snapshotTargetRows(clean.db);
    for (const table of Object.keys(b)) expect(a[table], table).toEqual(b[table]);
  });
});
