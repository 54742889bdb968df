import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyStore } from '../demo/generate-legacy-store';
import { startWorker, type Worker } from '../jobs/worker';
import { stopQueue } from '../jobs/job-queue';
import { scanCollection } from '../legacy/scan-collection';
import { tenantUuid } from '../mapping/ids';
import { startMigration } from '../migration/runs/start-migration';
import { demoMappingSource, prepareTarget, waitForRun } from '../migration/testing/migration-fixture';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import type { ValidationDetail } from '../../shared/contracts/validation';
import { resultsOf, validateNow, waitForAutoValidation } from './testing/validation-fixture';

/*
 * The demo store migrated once; then each check's invariant is broken in the target, exactly that one,
 * the validation must name the right documents (legacy id, line, tenant, fields), and the target is put
 * back so the next test starts from a clean migration again.
 */

let t: TestDatabase;
let worker: Worker;
let clean: ValidationDetail;
const legacyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-validate-demo-'));
const acme = tenantUuid('org_acme');
const globex = tenantUuid('org_globex');

beforeAll(async () => {
  await generateLegacyStore(legacyDir);
  t = await createTestDatabase();
  await prepareTarget(t.db);
  worker = await startWorker(t.db);
  const { runId } = await startMigration({ db: t.db, actor: 'test', source: demoMappingSource(legacyDir) });
  await waitForRun(t.db, runId, ['completed']);
  clean = await waitForAutoValidation(t.db, runId);
}, 180_000);

afterAll(async () => {
  await worker.stop();
  await stopQueue();
  await t.drop();
  fs.rmSync(legacyDir, { recursive: true, force: true });
});

/** The 1-based line of a document's final version in a legacy file (what the report must point at). */
function finalLineOf(collection: string, id: string): number {
  const lines = fs.readFileSync(path.join(legacyDir, `${collection}.db`), 'utf8').split('\n');
  let found = -1;
  lines.forEach((text, i) => {
    const doc = (() => { try { return JSON.parse(text) as { _id?: unknown; $$deleted?: boolean }; } catch { return {}; } })(); // a corrupt line: {}
    if (doc._id === id) found = doc.$$deleted ? -1 : i + 1;
  });
  return found;
}

/** Takes one row out of a table (returning it), to put it back later. */
async function takeRow(table: string, where: string, params: unknown[]): Promise<Record<string, unknown>> {
  return (await t.superDb.query(`DELETE FROM ${table} WHERE ${where} RETURNING *`, params)).rows[0];
}

async function putRow(table: string, row: Record<string, unknown>): Promise<void> {
  const columns = Object.keys(row);
  await t.superDb.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, columns.map((c) => row[c]));
}

async function someDocument(collection: string, tenant = acme): Promise<{ legacy_id: string; data: Record<string, unknown> }> {
  const { rows } = await t.superDb.query(`SELECT legacy_id, data FROM app_documents WHERE tenant_id = $1 AND collection = $2 ORDER BY legacy_id LIMIT 1`, [tenant, collection]);
  return rows[0];
}

describe('validation of a clean migration of the demo store', () => {
  it('is safe to proceed, and every warning is true: the quarantined leads, and references already dangling in the legacy files', async () => {
    expect(clean.state).toBe('completed');
    expect(clean.overall).toBe(true);
    expect(clean.criticalIssues).toEqual([]);
    expect(clean.progress).toEqual({ checked: clean.progress.total, total: clean.progress.total, percentage: 100 });
    expect(new Set(clean.warnings.map((w) => w.check))).toEqual(new Set(['quarantine', 'referential_integrity']));
    const [quarantine] = resultsOf(clean, 'quarantine');
    expect(quarantine).toMatchObject({ collection: 'leads', count: 5 });
    for (const detail of quarantine?.details ?? []) expect(detail.line).toBe(finalLineOf('leads', detail.id));

    // "Already dangling in the legacy store" is checked here against the legacy files themselves.
    for (const warning of resultsOf(clean, 'referential_integrity', 'warning')) {
      for (const detail of warning.details ?? []) {
        const [, field, target, ref] = /^(\S+) → (\S+) (\S+):/.exec(detail.note ?? '') ?? [];
        expect(detail.note, `${warning.collection}.${field}`).toMatch(/already dangling in the legacy store$/);
        const scan = await scanCollection(path.join(legacyDir, `${target}.db`), { keepIds: true });
        expect(scan.ids?.has(ref as string), `${target} ${ref}`).toBe(false);
      }
    }
    expect(resultsOf(clean, 'admin_integrity', 'info')[0]?.message).toMatch(/active Level-1 admin/);
    expect(resultsOf(clean, 'tenant_isolation', 'info')[0]?.message).toMatch(/Isolation holds for 5 sampled tenant/);
    expect(resultsOf(clean, 'read_latency', 'info')[0]?.count).toBeGreaterThan(0);
    expect(clean.recommendations.join(' ')).toMatch(/quarantined/);
  });
});

describe('each broken invariant is caught, with the right ids', () => {
  it('a deleted target row is missing (completeness), with its legacy line and tenant', async () => {
    const doc = await someDocument('inbox-messages');
    const row = await takeRow('app_documents', 'tenant_id = $1 AND collection = $2 AND legacy_id = $3', [acme, 'inbox-messages', doc.legacy_id]);
    const report = await validateNow(t.db);
    await putRow('app_documents', row);
    expect(report.overall).toBe(false);
    expect(report.criticalIssues).toHaveLength(1);
    expect(report.criticalIssues[0]).toMatchObject({ check: 'completeness', collection: 'inbox-messages', count: 1, sample: [doc.legacy_id], tenant: acme });
    expect(report.criticalIssues[0]?.details?.[0]).toMatchObject({ id: doc.legacy_id, problem: 'missing', tenant: acme, line: finalLineOf('inbox-messages', doc.legacy_id), file: 'inbox-messages.db' });
    expect(report.recommendations[0]).toBe('Re-run collection inbox-messages: 1 document(s) missing from the target.');
  });

  it('one changed field is a changed document (content), naming the field', async () => {
    const doc = await someDocument('campaigns');
    await t.superDb.query(`UPDATE app_documents SET data = jsonb_set(data, '{status}', '"archived"') WHERE tenant_id = $1 AND collection = 'campaigns' AND legacy_id = $2`, [acme, doc.legacy_id]);
    const report = await validateNow(t.db);
    await t.superDb.query(`UPDATE app_documents SET data = $3 WHERE tenant_id = $1 AND collection = 'campaigns' AND legacy_id = $2`, [acme, doc.legacy_id, doc.data]);
    expect(report.criticalIssues).toHaveLength(1);
    expect(report.criticalIssues[0]).toMatchObject({ check: 'content', collection: 'campaigns', count: 1, sample: [doc.legacy_id] });
    expect(report.criticalIssues[0]?.details?.[0]).toMatchObject({ problem: 'changed', fields: ['status'], line: finalLineOf('campaigns', doc.legacy_id) });
    expect(JSON.stringify(report)).not.toContain('archived'); // names of fields, never values
  });

  it('a row moved to another tenant is in the wrong tenant (not missing, not extra)', async () => {
    const doc = await someDocument('payments');
    const row = await takeRow('app_documents', 'tenant_id = $1 AND collection = $2 AND legacy_id = $3', [acme, 'payments', doc.legacy_id]);
    await putRow('app_documents', { ...row, tenant_id: globex });
    const report = await validateNow(t.db);
    await takeRow('app_documents', 'tenant_id = $1 AND collection = $2 AND legacy_id = $3', [globex, 'payments', doc.legacy_id]);
    await putRow('app_documents', row);
    expect(report.criticalIssues).toHaveLength(1);
    expect(report.criticalIssues[0]).toMatchObject({ check: 'content', collection: 'payments', count: 1, sample: [doc.legacy_id] });
    expect(report.criticalIssues[0]?.details?.[0]).toMatchObject({ problem: 'wrong_tenant', tenant: acme, foundUnder: [globex], line: finalLineOf('payments', doc.legacy_id) });
  });

  it('a target row without a legacy document is extra', async () => {
    await t.superDb.query(
      `INSERT INTO app_documents (tenant_id, id, collection, legacy_id, data, run_id) VALUES ($1, gen_random_uuid(), 'domains', 'ghost-domain-1', '{"_id": "ghost-domain-1"}', gen_random_uuid())`, [acme]);
    const report = await validateNow(t.db);
    await t.superDb.query(`DELETE FROM app_documents WHERE tenant_id = $1 AND legacy_id = 'ghost-domain-1'`, [acme]);
    expect(report.criticalIssues).toHaveLength(1);
    expect(report.criticalIssues[0]).toMatchObject({ check: 'completeness', collection: 'domains', count: 1, sample: ['ghost-domain-1'] });
    expect(report.criticalIssues[0]?.details?.[0]).toMatchObject({ problem: 'extra', line: null, tenant: acme });
  });

  it('typed tables compare converted columns and extra fields: a renamed company and a changed lead field are caught', async () => {
    const company = (await t.superDb.query(`SELECT legacy_id, name FROM companies WHERE tenant_id = $1 ORDER BY legacy_id LIMIT 1`, [acme])).rows[0];
    const lead = (await t.superDb.query(`SELECT legacy_id, extra FROM leads WHERE tenant_id = $1 AND extra ? 'source' ORDER BY legacy_id LIMIT 1`, [acme])).rows[0];
    await t.superDb.query(`UPDATE companies SET name = 'Renamed Ltd' WHERE tenant_id = $1 AND legacy_id = $2`, [acme, company.legacy_id]);
    await t.superDb.query(`UPDATE leads SET extra = jsonb_set(extra, '{source}', '"fax"') WHERE tenant_id = $1 AND legacy_id = $2`, [acme, lead.legacy_id]);
    const report = await validateNow(t.db);
    await t.superDb.query(`UPDATE companies SET name = $3 WHERE tenant_id = $1 AND legacy_id = $2`, [acme, company.legacy_id, company.name]);
    await t.superDb.query(`UPDATE leads SET extra = $3 WHERE tenant_id = $1 AND legacy_id = $2`, [acme, lead.legacy_id, lead.extra]);
    const byCollection = Object.fromEntries(report.criticalIssues.map((r) => [r.collection, r]));
    expect(report.criticalIssues).toHaveLength(2);
    expect(byCollection.companies?.details?.[0]).toMatchObject({ id: company.legacy_id, problem: 'changed', fields: ['name (name)'] });
    expect(byCollection.leads?.details?.[0]).toMatchObject({ id: lead.legacy_id, problem: 'changed', fields: ['extra.source'] });
  });

  it('a plaintext password written into the target is critical (credentials), and no password or hash appears anywhere in the report', async () => {
    const admin = (await t.superDb.query(`SELECT legacy_id, data FROM admin_documents WHERE collection = 'admin-users' ORDER BY legacy_id LIMIT 1`)).rows[0];
    await t.superDb.query(`UPDATE admin_documents SET data = jsonb_set(data, '{passwordHash}', '"correct horse battery staple"') WHERE collection = 'admin-users' AND legacy_id = $1`, [admin.legacy_id]);
    const report = await validateNow(t.db);
    await t.superDb.query(`UPDATE admin_documents SET data = $2 WHERE collection = 'admin-users' AND legacy_id = $1`, [admin.legacy_id, admin.data]);
    const credentials = resultsOf(report, 'credentials', 'critical');
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ collection: 'admin-users', count: 1, sample: [admin.legacy_id] });
    expect(resultsOf(report, 'content', 'critical')[0]?.details?.[0]?.fields).toEqual(['passwordHash']);
    const text = JSON.stringify(report);
    expect(text).not.toContain('correct horse');
    const hashes = fs.readFileSync(path.join(legacyDir, 'admin-users.db'), 'utf8').match(/\$2b\$10\$[./A-Za-z0-9]{53}/g) ?? [];
    expect(hashes.length).toBeGreaterThan(0);
    for (const hash of hashes) expect(text).not.toContain(hash.slice(7));
  });

  it('disabling the last Level-1 admin is critical (admin integrity), naming the disabled admins', async () => {
    const before = (await t.superDb.query(`SELECT legacy_id, data FROM admin_documents WHERE collection = 'admin-users' AND data->>'level' = '1' AND data->>'status' = 'active' ORDER BY legacy_id`)).rows;
    expect(before.length).toBeGreaterThan(0);
    await t.superDb.query(`UPDATE admin_documents SET data = jsonb_set(data, '{status}', '"disabled"') WHERE collection = 'admin-users' AND legacy_id = ANY($1)`, [before.map((r) => r.legacy_id)]);
    const report = await validateNow(t.db);
    for (const row of before) await t.superDb.query(`UPDATE admin_documents SET data = $2 WHERE collection = 'admin-users' AND legacy_id = $1`, [row.legacy_id, row.data]);
    const [integrity] = resultsOf(report, 'admin_integrity', 'critical');
    expect(integrity?.message).toMatch(/No active Level-1 admin among the \d+ migrated admin users/);
    expect(new Set(integrity?.sample)).toEqual(new Set(before.map((r) => r.legacy_id)));
    expect(report.recommendations).toContain('Create or re-enable an active Level-1 admin in the admin users before cutover.');
  });

  it('a referenced document deleted from the target dangles its references (warning) — each marked missing from the target', async () => {
    const member = (await t.superDb.query(`SELECT data->>'userId' AS user_id FROM app_documents WHERE tenant_id = $1 AND collection = 'team-members' ORDER BY legacy_id LIMIT 1`, [acme])).rows[0];
    const row = await takeRow('app_documents', 'tenant_id = $1 AND collection = $2 AND legacy_id = $3', [acme, 'users', member.user_id]);
    const referencing = (await t.superDb.query(`SELECT legacy_id FROM app_documents WHERE tenant_id = $1 AND collection = 'team-members' AND data->>'userId' = $2`, [acme, member.user_id])).rows.map((r) => r.legacy_id);
    const report = await validateNow(t.db);
    await putRow('app_documents', row);
    expect(report.criticalIssues.map((r) => [r.check, r.collection, r.sample])).toEqual([['completeness', 'users', [member.user_id]]]);
    const dangling = resultsOf(report, 'referential_integrity', 'warning').find((r) => r.collection === 'team-members');
    expect(dangling?.message).toMatch(/team-members\.userId → users/);
    const mine = (dangling?.details ?? []).filter((d) => d.note?.includes(member.user_id));
    expect(mine.map((d) => d.id).sort()).toEqual(referencing.sort());
    for (const d of mine) expect(d.note).toMatch(/that document is missing from the target$/);
  });

  it('tenant isolation turned off for the runtime role is critical: rows of other tenants visible, writes for another tenant not refused', async () => {
    await t.ownerDb.query(`ALTER TABLE app_documents DISABLE ROW LEVEL SECURITY`);
    const report = await validateNow(t.db).finally(() => t.ownerDb.query(`ALTER TABLE app_documents ENABLE ROW LEVEL SECURITY`));
    const isolation = resultsOf(report, 'tenant_isolation', 'critical');
    expect(isolation.map((r) => r.message)).toEqual([expect.stringMatching(/Rows of other tenants are visible.*public\.app_documents/), expect.stringMatching(/not refused by isolation.*public\.app_documents/)]);
    expect(report.criticalIssues.every((r) => r.check === 'tenant_isolation')).toBe(true);
    expect((await t.superDb.query(`SELECT count(*)::int AS n FROM app_documents WHERE legacy_id IS NULL OR collection = ''`)).rows[0].n).toBe(0); // nothing written
  });

  it('rows no legacy collection claims are a warning (collection tags), not a blocker', async () => {
    await t.superDb.query(`INSERT INTO app_documents (tenant_id, id, collection, legacy_id, data, run_id) VALUES ($1, gen_random_uuid(), 'ghosts', 'ghost-1', '{}', gen_random_uuid())`, [acme]);
    const report = await validateNow(t.db);
    await t.superDb.query(`DELETE FROM app_documents WHERE collection = 'ghosts'`);
    expect(report.overall).toBe(true);
    expect(resultsOf(report, 'collection_tags', 'warning')).toEqual([expect.objectContaining({ count: 1, sample: ['ghost-1'], message: expect.stringMatching(/tagged ghosts, which is no collection of this run/) })]);
  });

  it('`ferry validate --json` exits 1 with the report when it is not safe to proceed, 0 when it is', async () => {
    const doc = await someDocument('templates');
    const row = await takeRow('app_documents', 'tenant_id = $1 AND collection = $2 AND legacy_id = $3', [acme, 'templates', doc.legacy_id]);
    const cli = () => spawnSync(path.resolve('node_modules/.bin/tsx'), ['lib/cli/ferry.ts', 'validate', '--json'], {
      env: { ...process.env, DATABASE_URL: t.appUrl, DATABASE_OWNER_URL: t.ownerUrl, LEGACY_DIR: legacyDir, LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 120_000,
    });
    const failing = cli();
    await putRow('app_documents', row);
    expect(failing.status, failing.stderr).toBe(1);
    expect(JSON.parse(failing.stdout)).toMatchObject({ overall: false, criticalIssues: [expect.objectContaining({ check: 'completeness', sample: [doc.legacy_id] })] });
    const passing = cli();
    expect(passing.status, passing.stderr).toBe(0);
    expect(JSON.parse(passing.stdout)).toMatchObject({ state: 'completed', overall: true });
  });

  it('a legacy file changed since the run is a warning with the changes counted, and its documents are re-checked as they are now (last: it changes the legacy store)', async () => {
    const file = path.join(legacyDir, 'templates.db');
    const last = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>).filter((d) => d._id && !d.$$deleted).at(-1) as Record<string, unknown>;
    fs.appendFileSync(file, `${JSON.stringify({ ...last, name: 'Edited after the run' })}\n${JSON.stringify({ ...last, _id: 'written-after-the-run' })}\n`);
    const report = await validateNow(t.db);
    const [changed] = resultsOf(report, 'legacy_changed', 'warning');
    expect(changed).toMatchObject({ collection: 'templates', expected: expect.any(Number) });
    expect(changed?.actual).toBe((changed?.expected as number) + 1);
    expect(changed?.message).toMatch(/templates\.db changed since the run: \+\d+ bytes, 2 lines, live documents \d+ → \d+/);
    const critical = Object.fromEntries(report.criticalIssues.map((r) => [r.details?.[0]?.problem, r]));
    expect(critical.missing?.sample).toEqual(['written-after-the-run']);
    expect(critical.changed?.details?.[0]).toMatchObject({ id: last._id, fields: ['name'], line: finalLineOf('templates', String(last._id)) });
    expect(report.recommendations).toContain('Legacy collection templates changed since the run: migrate the changes (a new run) before cutover.');
  });
});
