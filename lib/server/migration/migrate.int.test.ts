import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import { describe, expect, it } from 'vitest';
import { buildPlan } from './plan/build-plan';
import { getProgress } from './runs/get-progress';
import { startMigration } from './runs/start-migration';
import { demoTestBed } from './testing/demo-test-bed';
import { demoMappingSource, waitForRun } from './testing/migration-fixture';

const bed = demoTestBed('ferry-migrate-');

/** What NeDB itself loads from a copy of the file (loading compacts, so never the original). */
async function nedbIds(collection: string): Promise<Set<string>> {
  const copy = path.join(os.tmpdir(), `ferry-truth-${process.pid}-${collection}.db`);
  fs.copyFileSync(path.join(bed.legacyDir, `${collection}.db`), copy);
  try {
    const store = new Datastore({ filename: copy, corruptAlertThreshold: 1 });
    await store.loadDatabaseAsync();
    return new Set((store.getAllData() as { _id: unknown }[]).map((d) => String(d._id)));
  } finally {
    fs.rmSync(copy, { force: true });
  }
}

describe('a migration of the demo store', () => {
  it('plans without writing, then refuses a second concurrent start, then loads everything exactly once', async () => {
    const source = demoMappingSource(bed.legacyDir);
    const { plan } = await buildPlan({ db: bed.t.db, ...source });
    expect(plan.blockers).toEqual([]);
    expect(plan.ready).toBe(true);
    expect(plan.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['without_tenant', 'corrupt_lines', 'invalid_keys']));
    const written = await bed.t.db.query(`SELECT (SELECT count(*) FROM tenants) + (SELECT count(*) FROM ferry.migration_runs) + (SELECT count(*) FROM app_documents) AS n`);
    expect(Number(written.rows[0].n)).toBe(0); // the plan wrote nothing

    const starts = await Promise.allSettled(Array.from({ length: 20 }, () => startMigration({ db: bed.t.db, actor: 'test', source })));
    const started = starts.filter((s) => s.status === 'fulfilled');
    expect(started).toHaveLength(1);
    for (const refused of starts.filter((s) => s.status === 'rejected')) expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict' });
    expect((await bed.t.db.query(`SELECT count(*)::int AS n FROM ferry.migration_runs`)).rows[0].n).toBe(1);

    const { runId } = (started[0] as PromiseFulfilledResult<{ runId: string }>).value;
    const done = await waitForRun(bed.t.db, runId, ['completed']);
    expect(done.percentage).toBe(100);
    expect(done.processed).toBe(done.total);

    for (const collection of plan.collections) {
      const run = (await bed.t.db.query(`SELECT stats, migrated, quarantined FROM ferry.run_collections WHERE run_id = $1 AND collection = $2`, [runId, collection.name])).rows[0];
      const s = run.stats;
      // Every line is accounted for.
      expect(Number(run.migrated) + Number(run.quarantined) + s.superseded + s.deleted + s.metadata + s.blank + s.corrupt.count + s.withoutId.count).toBe(s.lines);
      const table = collection.targetKind === 'typed' ? collection.target : collection.category === 'admin' ? 'admin_documents' : 'app_documents';
      const where = collection.targetKind === 'typed' ? 'legacy_id IS NOT NULL' : `collection = '${collection.name}'`;
      const rows = (await bed.t.superDb.query(`SELECT legacy_id FROM ${table} WHERE ${where}`)).rows.map((r) => r.legacy_id);
      const quarantined = (await bed.t.superDb.query(`SELECT legacy_id FROM ferry.quarantine WHERE run_id = $1 AND collection = $2`, [runId, collection.name])).rows.map((r) => r.legacy_id);
      expect(rows.length).toBe(new Set(rows).size); // nothing twice
      // Nothing lost: migrated + quarantined = what NeDB itself loads (where NeDB loads the file at all).
      if (collection.name !== 'company-settings') expect(new Set([...rows, ...quarantined])).toEqual(await nedbIds(collection.name));
    }
  });

  it('keeps tenants apart, names them, and quarantines what cannot be placed with the reason', async () => {
    const tenants = (await bed.t.db.query(`SELECT name FROM tenants ORDER BY name`)).rows.map((r) => r.name);
    expect(tenants.length).toBe(6);
    expect(tenants.every((n) => !n.startsWith('org_'))).toBe(true); // names from the tenants collection
    const orphan = (await bed.t.db.query(`SELECT reason, file, line FROM ferry.quarantine WHERE collection = 'leads' AND tenant_key IS NULL`)).rows;
    expect(orphan).toHaveLength(3);
    expect(orphan[0].reason).toMatch(/no tenant/);
    expect(orphan[0].file).toMatch(/leads\.db$/);
    const refused = (await bed.t.db.query(`SELECT reason FROM ferry.quarantine WHERE collection = 'leads' AND tenant_key IS NOT NULL`)).rows;
    for (const r of refused) expect(r.reason).toMatch(/rejected by the database|conversion failed/);
    const leads = await bed.t.db.query(`SELECT l.company_id, c.id AS company FROM leads l LEFT JOIN companies c ON (c.tenant_id, c.id) = (l.tenant_id, l.company_id)`);
    expect(leads.rows.every((r) => r.company === r.company_id)).toBe(true);
  });

  it('reports progress with per-collection and per-tenant rows', async () => {
    const progress = await getProgress(bed.t.db);
    expect(progress.state).toBe('completed');
    expect(progress.collections.length).toBeGreaterThan(15);
    expect(progress.tenants.reduce((s, x) => s + x.rows, 0)).toBeGreaterThan(1000);
    expect(progress.errors).toEqual([]);
    expect(progress.collections.every((c) => c.accounting?.balanced === true)).toBe(true);
  });
});
