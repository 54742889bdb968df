import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyStore } from '../demo/generate-legacy-store';
import { stopQueue } from '../jobs/job-queue';
import { startWorker, type Worker } from '../jobs/worker';
import { migrateUp, rollbackMigrations } from '../migrator/run-migrations';
import { getProgress } from '../migration/runs/get-progress';
import { startMigration } from '../migration/runs/start-migration';
import { stopMigration } from '../migration/runs/stop-migration';
import { demoMappingSource, prepareTarget, waitForRun } from '../migration/testing/migration-fixture';
import { protectingSnapshot } from '../rollback/testing/rollback-fixture';
import { schemaMigrations } from '../schema/schema-migrations';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { withTenant } from '../db/with-tenant';
import { createSnapshot } from './create-snapshot';
import { deleteSnapshot } from './delete-snapshot';
import { findFreshSnapshot } from './find-fresh-snapshot';
import { getSnapshot, listSnapshots } from './list-snapshots';
import { snapshotDir, snapshotRoot } from './snapshot-paths';

let t: TestDatabase;
let worker: Worker | null = null;
const legacyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-snapshot-'));
const source = () => demoMappingSource(legacyDir);
const TENANT = '5d4c3b2a-1908-4f7e-8d6c-5b4a39281706';

async function verified(snapshotId: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const s = await getSnapshot(t.db, snapshotId);
    if (s.state === 'verified' || s.state === 'failed') return s;
    if (Date.now() > deadline) throw new Error(`snapshot still ${s.state}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  await generateLegacyStore(legacyDir);
  t = await createTestDatabase();
  await prepareTarget(t.db);
});
afterAll(async () => {
  await worker?.stop();
  await stopQueue();
  await t.drop();
  fs.rmSync(legacyDir, { recursive: true, force: true });
});

describe('rollback snapshots', () => {
  let manual = '';

  it('takes a snapshot in the background: creating → verifying → verified, with tables, rows, checksums and its size', async () => {
    await insertOtherRows();
    const { snapshotId } = await createSnapshot(t.db, { actor: 'test', source: source() });
    manual = snapshotId;
    expect((await getSnapshot(t.db, snapshotId)).state).toBe('creating');
    worker = await startWorker(t.db);
    const done = await verified(snapshotId);
    expect(done).toMatchObject({ state: 'verified', createdBy: 'test', error: null, protectsRunId: null, deleteRefusal: null });
    expect(done.tables.map((x) => x.name).sort()).toEqual(['admin_documents', 'app_documents', 'companies', 'leads', 'tenants']);
    expect(done.tables.find((x) => x.name === 'app_documents')).toMatchObject({ rows: 3 });
    for (const table of done.tables) expect(table.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(done.bytes).toBe(fs.readdirSync(snapshotDir(snapshotRoot(), snapshotId)).reduce((sum, f) => sum + fs.statSync(path.join(snapshotDir(snapshotRoot(), snapshotId), f)).size, 0));
    expect((await listSnapshots(t.db)).snapshots.map((s) => s.id)).toEqual([snapshotId]);
  });

  it('is fresh until the target changes: rows written by others, or a schema migration rolled back and re-applied', async () => {
    expect(await findFreshSnapshot(t.db, source())).toMatchObject({ id: manual });
    await withTenant(t.db, TENANT, (c) => c.query(`INSERT INTO app_documents (tenant_id, id, collection, legacy_id, data, run_id) VALUES ($1, gen_random_uuid(), 'late', 'l', '{}', gen_random_uuid())`, [TENANT]));
    expect(await findFreshSnapshot(t.db, source())).toBeNull();
    await withTenant(t.db, TENANT, (c) => c.query(`DELETE FROM app_documents WHERE tenant_id = $1 AND collection = 'late'`, [TENANT]));
    expect(await findFreshSnapshot(t.db, source())).toMatchObject({ id: manual });
    expect((await rollbackMigrations(t.db, schemaMigrations, { actor: 'test', to: '0004_inbox' })).ok).toBe(true);
    expect(await findFreshSnapshot(t.db, source())).toBeNull();
    expect((await migrateUp(t.db, schemaMigrations, { actor: 'test' })).ok).toBe(true);
    expect(await findFreshSnapshot(t.db, source())).toBeNull(); // same migrations, but applied again since
  });

  it('a run stopped while its snapshot is taken pauses, loads once resumed with that snapshot verified, and pauses and resumes mid-load with no new snapshot', async () => {
    await worker?.stop();
    worker = null;
    const { runId } = await startMigration({ db: t.db, actor: 'test', source: source() });
    expect((await getProgress(t.db, runId)).state).toBe('snapshotting');
    expect(await stopMigration(t.db, 'test')).toMatchObject({ runId, state: 'paused' });
    worker = await startWorker(t.db, { batchSize: 5 });
    const snapshot = await protectingSnapshot(t.db, runId);
    expect((await verified(snapshot.id)).state).toBe('verified');
    expect((await getProgress(t.db, runId)).state).toBe('paused'); // nothing loaded meanwhile
    expect((await t.db.query(`SELECT count(*)::int AS n FROM ferry_checkpoints WHERE run_id = $1`, [runId])).rows[0].n).toBe(0);
    expect(await startMigration({ db: t.db, actor: 'test', source: source() })).toMatchObject({ runId, resumed: true });
    await waitForRun(t.db, runId, ['running'], 30_000, (p) => p.processed > 0);
    await stopMigration(t.db, 'test');
    const paused = await waitForRun(t.db, runId, ['paused'], 30_000);
    expect(paused.processed).toBeLessThan(paused.total);
    const snapshots = (await t.db.query(`SELECT count(*)::int AS n FROM ferry.snapshots WHERE protects_run_id = $1`, [runId])).rows[0].n;
    expect(await startMigration({ db: t.db, actor: 'test', source: source() })).toMatchObject({ runId, resumed: true });
    expect((await getProgress(t.db, runId)).state).not.toBe('snapshotting'); // its own snapshot still protects it
    await waitForRun(t.db, runId, ['completed'], 30_000);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM ferry.snapshots WHERE protects_run_id = $1`, [runId])).rows[0].n).toBe(snapshots);
  }, 150_000); // each wait above has its own deadline and says where it stopped

  it('deletes old snapshots with their files, never the one protecting the newest run (409)', async () => {
    const newest = (await t.db.query(`SELECT id FROM ferry.migration_runs ORDER BY created_at DESC LIMIT 1`)).rows[0].id as string;
    const protecting = await protectingSnapshot(t.db, newest);
    expect((await getSnapshot(t.db, protecting.id)).deleteRefusal).toMatch(/protects the newest run/);
    await expect(deleteSnapshot(t.db, protecting.id)).rejects.toMatchObject({ code: 'conflict' });
    expect(fs.existsSync(snapshotDir(snapshotRoot(), protecting.id))).toBe(true);
    expect(await deleteSnapshot(t.db, manual)).toEqual({ snapshotId: manual, deleted: true });
    expect(fs.existsSync(snapshotDir(snapshotRoot(), manual))).toBe(false);
    await expect(getSnapshot(t.db, manual)).rejects.toMatchObject({ code: 'not_found' });
    await expect(deleteSnapshot(t.db, '../../etc')).rejects.toMatchObject({ code: 'not_found' });
  });
});

/** The first snapshot of this file is taken with three documents of another application already there. */
async function insertOtherRows(): Promise<void> {
  await t.db.query(`INSERT INTO tenants (id, name) VALUES ($1, 'another application')`, [TENANT]);
  await withTenant(t.db, TENANT, (c) => c.query(`INSERT INTO app_documents (tenant_id, id, collection, legacy_id, data, run_id) SELECT $1, gen_random_uuid(), 'other', 'o' || g, '{}', gen_random_uuid() FROM generate_series(1, 3) g`, [TENANT]));
}
