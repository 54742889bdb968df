import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyStore } from '../demo/generate-legacy-store';
import { openEmbeddedCluster, type EmbeddedCluster } from '../db/embedded-cluster';
import { registerOwnerPool } from '../db/owner-pool';
import { createPool, type Db } from '../db/pool';
import { prepareDatabase } from '../db/prepare-database';
import { startMigration } from '../migration/runs/start-migration';
import { demoMappingSource, prepareTarget, waitForRun } from '../migration/testing/migration-fixture';
import { workerProcesses } from '../migration/testing/worker-processes';
import { requestRollback } from '../rollback/request-rollback';
import { insertPreexistingRows, manifestDigests, plain, protectingSnapshot, readManifest, targetDigests, waitForRollback } from '../rollback/testing/rollback-fixture';
import { requestValidation } from '../validation/request-validation';
import { waitForAutoValidation, waitForValidation } from '../validation/testing/validation-fixture';
import { stopQueue } from './job-queue';

// PostgreSQL restarted under each kind of background work, while that work is provably inside the
// database (blocked on a lock this test holds): the work must finish by itself once PostgreSQL is back.
// A cluster of its own: restarting the run's shared test cluster would disturb other test files.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-restart-jobs-'));
fs.chmodSync(dataDir, 0o755);
const legacyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-restart-jobs-legacy-'));
const workers = workerProcesses(legacyDir);
let cluster: EmbeddedCluster;
let db: Db;
let urls: { appUrl: string; ownerUrl: string; superUrl: string };

beforeAll(async () => {
  await generateLegacyStore(legacyDir);
  cluster = await openEmbeddedCluster({ dataDir });
  urls = await prepareDatabase({ host: '127.0.0.1', port: cluster.port, superUser: cluster.superUser, superPassword: cluster.superPassword, database: 'restart_jobs', appRole: 'ferry_app', appPassword: 'restart-jobs-password', ownerRole: 'ferry_owner', ownerPassword: 'restart-jobs-owner-password', strict: true });
  db = createPool(urls.appUrl, 4);
  registerOwnerPool(db, createPool(urls.ownerUrl, 2));
  await prepareTarget(db);
  await insertPreexistingRows(db);
});

afterAll(async () => {
  workers.killAll();
  await stopQueue();
  await db.end();
  await cluster.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(legacyDir, { recursive: true, force: true });
});

/** A superuser session holding `lockSql` in an open transaction (PostgreSQL's restart ends it). */
async function hold(lockSql: string): Promise<pg.Client> {
  const holder = new pg.Client({ connectionString: urls.superUrl });
  holder.on('error', () => undefined); // the restart cuts it
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query(lockSql);
  return holder;
}

/** Waits until some session of the runtime role waits for a lock while `stillBusy` holds; then restarts PostgreSQL (fast shutdown). */
async function restartWhileBlocked(what: string, stillBusy: () => Promise<boolean>): Promise<void> {
  const observer = new pg.Client({ connectionString: urls.superUrl });
  await observer.connect();
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { rows } = await observer.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND usename = 'ferry_app' AND wait_event_type = 'Lock'`);
      if (rows[0].n > 0 && (await stillBusy())) break;
      if (Date.now() > deadline) throw new Error(`${what} never blocked on the held lock`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await observer.end();
  }
  await cluster.stop();
  cluster = await openEmbeddedCluster({ dataDir }); // same data directory, same port
  expect(cluster.isOwner).toBe(true);
}

const stateOf = async (sql: string, id: string) => ((await db.query(sql, [id])).rows[0]?.state as string | undefined) ?? 'missing';

describe('PostgreSQL restarted in the middle of background work', { timeout: 300_000 }, () => {
  let runId = '';

  it('of the rollback snapshot: the snapshot completes with the pre-migration target, then the run loads and completes', async () => {
    const before = plain(await targetDigests(db));
    // No worker yet: the run waits for its snapshot, which the worker started once the lock is held takes.
    ({ runId } = await startMigration({ db, actor: 'test', source: demoMappingSource(legacyDir) }));
    await stopQueue(); // this process's queue connection would not survive the restart either
    const holder = await hold('LOCK TABLE leads IN ACCESS EXCLUSIVE MODE');
    await workers.start(urls.appUrl, urls.ownerUrl);
    await restartWhileBlocked('the snapshot', async () => (await stateOf(`SELECT state FROM ferry.migration_runs WHERE id = $1`, runId)) === 'snapshotting');
    void holder.end().catch(() => undefined);

    const done = await waitForRun(db, runId, ['completed', 'failed'], 180_000);
    expect(done.state).toBe('completed');
    expect(done.processed).toBe(done.total);
    const snapshot = await protectingSnapshot(db, runId);
    expect(snapshot.state).toBe('verified');
    expect(plain(manifestDigests(await readManifest(db, snapshot.id)))).toEqual(before);
  });

  it('of a validation: the validation resumes and reports the completed run safe to proceed', async () => {
    const auto = await waitForAutoValidation(db, runId);
    expect(auto.overall, JSON.stringify(auto.criticalIssues).slice(0, 1500)).toBe(true);
    const holder = await hold('LOCK TABLE leads IN ACCESS EXCLUSIVE MODE');
    const { validationId } = await requestValidation(db, { runId, actor: 'test', trigger: 'manual' });
    await stopQueue();
    await restartWhileBlocked('the validation', async () => (await stateOf(`SELECT state FROM ferry.validations WHERE id = $1`, validationId)) === 'running');
    void holder.end().catch(() => undefined);

    const report = await waitForValidation(db, validationId, 180_000);
    expect(report.state, JSON.stringify(report.criticalIssues)).toBe('completed');
    expect(report.overall).toBe(true);
    expect(report.criticalIssues).toEqual([]);
    expect(report.progress.checked).toBe(auto.progress.checked);
  });

  it('of a rollback: the rollback completes and the target equals its snapshot, checksum for checksum', async () => {
    const tenants = (await db.query<{ id: string }>(`SELECT DISTINCT tenant_id AS id FROM ferry_checkpoints WHERE run_id = $1 ORDER BY 1`, [runId])).rows.map((r) => r.id);
    const holder = await hold(`SELECT 1 FROM app_documents WHERE tenant_id = '${tenants.at(-1)}' AND run_id = '${runId}' ORDER BY id LIMIT 1 FOR UPDATE`);
    const { rollbackId } = (await requestRollback(db, 'test', {})).body;
    await stopQueue();
    await restartWhileBlocked('the rollback', async () => (await stateOf(`SELECT state FROM ferry.rollbacks WHERE id = $1`, rollbackId)) === 'running');
    void holder.end().catch(() => undefined);

    const done = await waitForRollback(db, rollbackId, ['completed', 'failed'], 180_000);
    expect(done).toMatchObject({ state: 'completed', verified: true, error: null });
    const snapshot = await protectingSnapshot(db, runId);
    expect(plain(await targetDigests(db))).toEqual(plain(manifestDigests(await readManifest(db, snapshot.id))));
    expect(await stateOf(`SELECT state FROM ferry.migration_runs WHERE id = $1`, runId)).toBe('rolled_back');
  });
});
