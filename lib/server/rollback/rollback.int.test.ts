import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyStore } from '../demo/generate-legacy-store';
import { stopQueue } from '../jobs/job-queue';
import { startWorker, type Worker } from '../jobs/worker';
import { withTenant } from '../db/with-tenant';
import { tenantUuid } from '../mapping/ids';
import { buildPlan } from '../migration/plan/build-plan';
import { getProgress } from '../migration/runs/get-progress';
import { startMigration } from '../migration/runs/start-migration';
import { demoMappingSource, prepareTarget, waitForRun } from '../migration/testing/migration-fixture';
import { findFreshSnapshot } from '../snapshot/find-fresh-snapshot';
import { snapshotKey } from '../snapshot/snapshot-key';
import { snapshotDir, snapshotRoot } from '../snapshot/snapshot-paths';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { readLossExport } from './read-loss-export';
import { requestRollback } from './request-rollback';
import {
  insertPreexistingRows, manifestDigests, OTHER_TENANT, plain, PRE_TENANT, protectingSnapshot, readManifest, targetDigests, UNKNOWN_RUN, waitForRollback,
} from './testing/rollback-fixture';

let t: TestDatabase;
let worker: Worker;
const legacyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-rollback-'));
const source = () => demoMappingSource(legacyDir);
let runId = '';
let snapshotId = '';
let preexisting: unknown[] = [];
const PREEXISTING = `SELECT tenant_id, id, collection, legacy_id, data, run_id, created_at, updated_at FROM app_documents WHERE run_id = '${UNKNOWN_RUN}' ORDER BY tenant_id, id`;

beforeAll(async () => {
  await generateLegacyStore(legacyDir);
  t = await createTestDatabase();
  await prepareTarget(t.db);
  await insertPreexistingRows(t.db);
  preexisting = (await t.superDb.query(PREEXISTING)).rows;
  worker = await startWorker(t.db);
});
afterAll(async () => {
  await worker.stop();
  await stopQueue();
  await t.drop();
  fs.rmSync(legacyDir, { recursive: true, force: true });
});

describe('snapshot → migrate → rollback (strict Nile mode)', () => {
  it('takes a verified snapshot as the run’s first step and loads nothing before it is verified', async () => {
    const before = await targetDigests(t.db);
    const { plan } = await buildPlan({ db: t.db, ...source() });
    expect(plan.blockers).toEqual([]); // pre-existing rows of unknown runs do not block
    expect(plan.protection?.snapshotId).toBeNull();
    const started = await startMigration({ db: t.db, actor: 'test', source: source() });
    runId = started.runId;
    const snapshot = await protectingSnapshot(t.db, runId);
    snapshotId = snapshot.id;
    await waitForRun(t.db, runId, ['completed']);
    expect((await protectingSnapshot(t.db, runId)).state).toBe('verified');
    const events = (await t.db.query<{ message: string }>(`SELECT message FROM ferry.run_events WHERE run_id = $1 ORDER BY id`, [runId])).rows.map((r) => r.message);
    const verifiedAt = events.findIndex((m) => m.includes('verified; loading starts'));
    expect(verifiedAt).toBeGreaterThan(0);
    expect(events.findIndex((m) => m.startsWith('Loading '))).toBeGreaterThan(verifiedAt);
    // The manifest describes the target as it was before the run, table by table and tenant by tenant.
    expect(plain(manifestDigests(await readManifest(t.db, snapshotId)))).toEqual(plain(before));
    const files = fs.readdirSync(snapshotDir(snapshotRoot(), snapshotId));
    expect(files).toContain('manifest.bin');
    const raw = fs.readFileSync(path.join(snapshotDir(snapshotRoot(), snapshotId), files.find((f) => f.endsWith('.data')) as string));
    expect(raw.includes(Buffer.from('pre-existing'))).toBe(false); // encrypted
  });

  it('rolls back one tenant: its rows equal the snapshot, every other tenant stays byte-identical, the run stays completed', async () => {
    const acme = 'org_globex';
    const tenantId = tenantUuid(acme);
    const before = await targetDigests(t.db);
    expect([...before.keys()].some((k) => k.endsWith(tenantId))).toBe(true);
    const decision = await requestRollback(t.db, 'test', { tenant: acme });
    expect(decision.status).toBe(202);
    expect(decision.body).toMatchObject({ runId, snapshotId, scope: { tenant: acme } });
    const done = await waitForRollback(t.db, decision.body.rollbackId, ['completed', 'failed']);
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ state: 'completed', verified: true });
    expect(done.removedRows).toBeGreaterThan(0);
    const after = await targetDigests(t.db);
    const others = (m: Map<string, unknown>) => plain(new Map([...m].filter(([k]) => !k.endsWith(tenantId) && k !== 'tenants/shared') as [string, { rows: number; checksum: string }][]));
    expect(others(after)).toEqual(others(before));
    expect([...after.keys()].filter((k) => k.endsWith(tenantId))).toEqual([]); // the tenant had nothing before the run
    expect((await t.db.query(`SELECT count(*)::int AS n FROM tenants WHERE id = $1`, [tenantId])).rows[0].n).toBe(0); // created by the run: removed
    const progress = await getProgress(t.db, runId);
    expect(progress.state).toBe('completed');
    expect(progress.rolledBackTenants?.map((r) => r.tenantKey)).toEqual([acme]);
    const again = await requestRollback(t.db, 'test', { tenant: acme });
    expect(again).toMatchObject({ status: 200, body: { rollbackId: decision.body.rollbackId } });
  });

  it('a row written after the request was checked is refused inside the tenant’s transaction, never lost', async () => {
    const initech = tenantUuid('org_initech');
    await worker.stop();
    const decision = await requestRollback(t.db, 'test', { tenant: 'org_initech' }); // checked: nothing to lose
    await withTenant(t.db, initech, (c) => c.query(`INSERT INTO app_documents (tenant_id, id, collection, legacy_id, data, run_id) VALUES ($1, gen_random_uuid(), 'raced', 'r1', '{"raced": true}', $2)`, [initech, UNKNOWN_RUN]));
    const before = await targetDigests(t.db);
    worker = await startWorker(t.db);
    const failed = await waitForRollback(t.db, decision.body.rollbackId, ['completed', 'failed']);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/written after the snapshot/);
    expect(plain(await targetDigests(t.db))).toEqual(plain(before)); // the run's rows of that tenant too: the transaction rolled back
    await withTenant(t.db, initech, (c) => c.query(`DELETE FROM app_documents WHERE tenant_id = $1 AND collection = 'raced'`, [initech]));
  });

  it('refuses a rollback that would undo rows written after the snapshot (409 with counts), changing nothing', async () => {
    const stark = tenantUuid('org_stark');
    await withTenant(t.db, OTHER_TENANT, (c) => c.query(`INSERT INTO app_documents (tenant_id, id, collection, legacy_id, data, run_id) VALUES ($1, gen_random_uuid(), 'written-later', 'w1', '{"late": true}', $2)`, [OTHER_TENANT, UNKNOWN_RUN]));
    await withTenant(t.db, PRE_TENANT, (c) => c.query(`UPDATE app_documents SET data = data || '{"edited": true}' WHERE tenant_id = $1 AND legacy_id = 'p1'`, [PRE_TENANT]));
    await withTenant(t.db, stark, (c) => c.query(`UPDATE app_documents SET data = data || '{"touched": true}' WHERE tenant_id = $1 AND id = (SELECT id FROM app_documents WHERE tenant_id = $1 AND run_id = $2 ORDER BY id LIMIT 1)`, [stark, runId]));
    const before = await targetDigests(t.db);
    const refused = await requestRollback(t.db, 'test', {}).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'conflict' });
    const losses = (refused as { details: { losses: { rows: number; entries: { table: string; tenantId: string; inserted: number; changed: number; deleted: number; modifiedRunRows: number }[] } } }).details.losses;
    expect(losses.entries).toEqual(expect.arrayContaining([
      expect.objectContaining({ table: 'app_documents', tenantId: OTHER_TENANT, inserted: 1, changed: 0, deleted: 0 }),
      expect.objectContaining({ table: 'app_documents', tenantId: PRE_TENANT, inserted: 0, changed: 1, deleted: 0 }),
      expect.objectContaining({ table: 'app_documents', tenantId: stark, modifiedRunRows: 1 }),
    ]));
    expect(losses.rows).toBe(3);
    expect(plain(await targetDigests(t.db))).toEqual(plain(before));
    expect((await t.db.query(`SELECT state FROM ferry.migration_runs WHERE id = $1`, [runId])).rows[0].state).toBe('completed');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM ferry.rollbacks WHERE scope_tenant_id IS NULL`)).rows[0].n).toBe(0);
  });

  it('with acceptLoss, 20 concurrent requests make one rollback; it exports those rows, then the target equals the snapshot', async () => {
    const decisions = await Promise.all(Array.from({ length: 20 }, () => requestRollback(t.db, 'test', { acceptLoss: true })));
    const ids = new Set(decisions.map((d) => d.body.rollbackId));
    expect(ids.size).toBe(1);
    expect(decisions.filter((d) => d.isNew)).toHaveLength(1);
    const rollbackId = [...ids][0] as string;
    const done = await waitForRollback(t.db, rollbackId, ['completed', 'failed']);
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ state: 'completed', verified: true, keptTenants: [] });
    expect((await t.db.query(`SELECT count(*)::int AS n FROM ferry.rollbacks WHERE scope_tenant_id IS NULL`)).rows[0].n).toBe(1);

    // The target equals the snapshot, table by table and tenant by tenant; pre-existing rows are exactly as they were.
    expect(plain(await targetDigests(t.db))).toEqual(plain(manifestDigests(await readManifest(t.db, snapshotId))));
    expect((await t.superDb.query(PREEXISTING)).rows).toEqual(preexisting);
    const run = (await t.db.query(`SELECT state FROM ferry.migration_runs WHERE id = $1`, [runId])).rows[0];
    expect(run.state).toBe('rolled_back');
    expect((await t.db.query(`SELECT value #>> '{}' AS v FROM ferry.settings WHERE key = 'adapter_mode'`)).rows[0].v).toBe('legacy');

    // What it undid was exported first, encrypted beside the snapshot.
    expect(done.lossExport).toBe(`lost-${rollbackId}.manifest`);
    const exported = await readLossExport(snapshotDir(snapshotRoot(), snapshotId), rollbackId, snapshotKey());
    const lines = exported.parts.flatMap((p) => p.lines);
    expect(lines).toHaveLength(3);
    expect(lines.some((l) => l.includes('written-later') && l.includes('"late": true'))).toBe(true);
    expect(lines.some((l) => l.includes('"edited": true'))).toBe(true);
    expect(lines.some((l) => l.includes('"touched": true'))).toBe(true);
    expect(exported.parts.map((p) => p.part).sort()).toEqual(['changed', 'changed', 'modified_run']);

    // Nothing changed since: the same rollback answers; the snapshot is fresh again and a new run may start.
    expect(await requestRollback(t.db, 'test', {})).toMatchObject({ status: 200, body: { rollbackId } });
    expect(await findFreshSnapshot(t.db, source())).toMatchObject({ id: snapshotId });
    const { plan } = await buildPlan({ db: t.db, ...source() });
    expect(plan.blockers).toEqual([]);
    expect(plan.protection?.snapshotId).toBe(snapshotId);
  });

  it('a new run can start after the rollback: the same snapshot protects it, no new one is taken', async () => {
    const snapshots = (await t.db.query(`SELECT count(*)::int AS n FROM ferry.snapshots`)).rows[0].n;
    const { runId: next } = await startMigration({ db: t.db, actor: 'test', source: source() });
    expect((await protectingSnapshot(t.db, next)).id).toBe(snapshotId);
    await waitForRun(t.db, next, ['completed']);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM ferry.snapshots`)).rows[0].n).toBe(snapshots);
    const events = (await t.db.query<{ message: string }>(`SELECT message FROM ferry.run_events WHERE run_id = $1 ORDER BY id`, [next])).rows.map((r) => r.message);
    expect(events.some((m) => m.startsWith(`Protected by rollback snapshot ${snapshotId}`))).toBe(true);
  });
});
