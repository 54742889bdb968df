import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyStore } from '../demo/generate-legacy-store';
import { stopQueue } from '../jobs/job-queue';
import { startWorker, type Worker } from '../jobs/worker';
import { startMigration } from '../migration/runs/start-migration';
import { demoMappingSource, prepareTarget, waitForRun } from '../migration/testing/migration-fixture';
import { workerProcesses } from '../migration/testing/worker-processes';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { requestRollback } from './request-rollback';
import { getRollback } from './list-rollbacks';
import { insertPreexistingRows, manifestDigests, plain, protectingSnapshot, readManifest, targetDigests, UNKNOWN_RUN, waitForRollback } from './testing/rollback-fixture';

let t: TestDatabase;
let worker: Worker | null = null;
const legacyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-rollback-crash-'));
const processes = workerProcesses(legacyDir);
const PREEXISTING = `SELECT tenant_id, id, data, run_id FROM app_documents WHERE run_id = '${UNKNOWN_RUN}' ORDER BY tenant_id, id`;

beforeAll(async () => {
  await generateLegacyStore(legacyDir);
  t = await createTestDatabase();
  await prepareTarget(t.db);
  await insertPreexistingRows(t.db);
});
afterAll(async () => {
  processes.killAll();
  await worker?.stop();
  await stopQueue();
  await t.drop();
  fs.rmSync(legacyDir, { recursive: true, force: true });
});

describe('a rollback interrupted by SIGKILL', () => {
  it('is completed by re-running it: the target then equals the snapshot, pre-existing rows kept exactly', async () => {
    worker = await startWorker(t.db);
    const { runId } = await startMigration({ db: t.db, actor: 'test', source: demoMappingSource(legacyDir) });
    await waitForRun(t.db, runId, ['completed']);
    await worker.stop();
    worker = null;
    const preexisting = (await t.superDb.query(PREEXISTING)).rows;

    // Hold a row of the run's last tenant, so the rollback is caught inside that tenant's transaction.
    const tenants = (await t.db.query<{ id: string }>(`SELECT DISTINCT tenant_id AS id FROM ferry_checkpoints WHERE run_id = $1 ORDER BY 1`, [runId])).rows.map((r) => r.id);
    const last = tenants.at(-1) as string;
    const holder: pg.PoolClient = await t.superDb.connect();
    await holder.query('BEGIN');
    await holder.query(`SELECT 1 FROM app_documents WHERE tenant_id = $1 AND run_id = $2 ORDER BY id LIMIT 1 FOR UPDATE`, [last, runId]);

    const spawned = await processes.start(t.appUrl, t.ownerUrl);
    const accepted = await requestRollback(t.db, 'test', {});
    const rollbackId = accepted.body.rollbackId;
    // Wait until the worker process is blocked in the last tenant, with the tenants before it done.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const view = await getRollback(t.db, rollbackId);
      if (view.tenantsTotal > 0 && view.step.startsWith('restoring tenant') && view.tenantsDone >= 1) {
        const blocked = await t.superDb.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE 'DELETE FROM%'`);
        if (blocked.rows[0].n > 0) break;
      }
      if (Date.now() > deadline) throw new Error(`rollback never reached the held tenant: ${JSON.stringify(view)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const midway = await getRollback(t.db, rollbackId);
    expect(midway.state).toBe('running');
    expect(midway.tenantsDone).toBeLessThan(midway.tenantsTotal);
    process.kill(spawned.pid, 'SIGKILL');
    processes.killAll();
    await holder.query('ROLLBACK');
    holder.release();
    expect((await t.db.query(`SELECT state FROM ferry.migration_runs WHERE id = $1`, [runId])).rows[0].state).toBe('rolling_back');

    // Re-running it joins the same rollback; a worker (the server's own would do) completes it.
    worker = await startWorker(t.db);
    const again = await requestRollback(t.db, 'test', {});
    expect(again.body.rollbackId).toBe(rollbackId);
    const done = await waitForRollback(t.db, rollbackId, ['completed', 'failed'], 90_000);
    expect(done).toMatchObject({ state: 'completed', verified: true, error: null });
    const snapshot = await protectingSnapshot(t.db, runId);
    expect(plain(await targetDigests(t.db))).toEqual(plain(manifestDigests(await readManifest(t.db, snapshot.id))));
    expect((await t.superDb.query(PREEXISTING)).rows).toEqual(preexisting);
    expect((await t.db.query(`SELECT state FROM ferry.migration_runs WHERE id = $1`, [runId])).rows[0].state).toBe('rolled_back');
  });
});
