import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyStore } from '../demo/generate-legacy-store';
import { openEmbeddedCluster, type EmbeddedCluster } from '../db/embedded-cluster';
import { registerOwnerPool } from '../db/owner-pool';
import { createPool, type Db } from '../db/pool';
import { prepareDatabase } from '../db/prepare-database';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { startMigration } from './runs/start-migration';
import { stopQueue } from '../jobs/job-queue';
import { demoMappingSource, prepareTarget, snapshotTargetRows, waitForRun } from './testing/migration-fixture';
import { workerProcesses } from './testing/worker-processes';

// A cluster of its own: restarting the run's shared test cluster would disturb other test files.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-restart-'));
fs.chmodSync(dataDir, 0o755);
const legacyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-restart-legacy-'));
const workers = workerProcesses(legacyDir);
let cluster: EmbeddedCluster;
let db: Db;
let appUrl: string;
let ownerUrl: string;
let reference: TestDatabase;

beforeAll(async () => {
  await generateLegacyStore(legacyDir, { scale: 3 });
  cluster = await openEmbeddedCluster({ dataDir });
  const prepared = await prepareDatabase({ host: '127.0.0.1', port: cluster.port, superUser: cluster.superUser, superPassword: cluster.superPassword, database: 'restart', appRole: 'ferry_app', appPassword: 'restart-password', ownerRole: 'ferry_owner', ownerPassword: 'restart-owner-password', strict: true });
  appUrl = prepared.appUrl;
  ownerUrl = prepared.ownerUrl;
  db = createPool(appUrl, 4);
  registerOwnerPool(db, createPool(ownerUrl, 2));
  await prepareTarget(db);
  reference = await createTestDatabase();
  await prepareTarget(reference.db);
});

afterAll(async () => {
  workers.killAll();
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
    await workers.start(appUrl, ownerUrl);
    const midway = await waitForRun(db, runId, ['running'], 60_000, (p) => p.processed > p.total * 0.3);
    expect(midway.processed).toBeLessThan(midway.total);

    await cluster.stop(); // fast shutdown: every connection of the worker is cut
    cluster = await openEmbeddedCluster({ dataDir }); // same data directory, same port
    expect(cluster.isOwner).toBe(true);

    const resumed = await waitForRun(db, runId, ['completed'], 120_000);
    expect(resumed.processed).toBe(resumed.total);

    const clean = await startMigration({ db: reference.db, actor: 'test', source });
    await workers.start(reference.appUrl, reference.ownerUrl);
    await waitForRun(reference.db, clean.runId, ['completed'], 120_000);
    const a = await snapshotTargetRows(db);
    const b = await snapshotTargetRows(reference.db);
    for (const table of Object.keys(b)) expect(a[table], table).toEqual(b[table]);
  });
});
