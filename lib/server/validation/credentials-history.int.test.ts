import { appendFile } from 'node:fs/promises';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { generateLegacyStore } from '../demo/generate-legacy-store';
import { stopQueue } from '../jobs/job-queue';
import { startWorker } from '../jobs/worker';
import { startMigration } from '../migration/runs/start-migration';
import { demoMappingSource, prepareTarget, waitForRun } from '../migration/testing/migration-fixture';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { executeValidation } from './execute-validation';
import { getValidation } from './get-validation';
import { listValidations } from './list-validations';
import { requestValidation } from './request-validation';
import { resultsOf, waitForAutoValidation } from './testing/validation-fixture';

const databases: TestDatabase[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await stopQueue();
  for (const t of databases) await t.drop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A legacy store migrated into a fresh database by an in-process worker (stopped afterwards); the run's auto-validation included. */
async function migrated(prepare: (dir: string) => Promise<void>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-validate-credentials-'));
  dirs.push(dir);
  await prepare(dir);
  const t = await createTestDatabase();
  databases.push(t);
  await prepareTarget(t.db);
  const worker = await startWorker(t.db);
  try {
    const { runId } = await startMigration({ db: t.db, actor: 'test', source: demoMappingSource(dir) });
    await waitForRun(t.db, runId, ['completed'], 120_000);
    return { t, dir, runId, auto: await waitForAutoValidation(t.db, runId) };
  } finally {
    await worker.stop();
  }
}

describe('validation of stores with history and unusual record breaks', { timeout: 240_000 }, () => {
  it('a clean migration of a larger generated store with history (superseded versions, tombstones, a removed and re-added _id) is safe to proceed', async () => {
    const { auto, t, runId } = await migrated((d) => generateLegacyStore(d, { scale: 3 }).then(() => undefined));
    expect(auto.state).toBe('completed');
    expect(auto.overall).toBe(true);
    expect(auto.criticalIssues).toEqual([]);
    expect(new Set(auto.warnings.map((w) => w.check))).toEqual(new Set(['quarantine', 'referential_integrity']));
    for (const w of resultsOf(auto, 'referential_integrity', 'warning')) for (const d of w.details ?? []) expect(d.note).toMatch(/quarantined|already dangling in the legacy store/);
    const live = (await t.db.query(`SELECT sum((stats->>'live')::int)::int AS n, sum((stats->>'superseded')::int)::int AS superseded FROM ferry.run_collections WHERE run_id = $1`, [runId])).rows[0];
    expect(live.superseded).toBeGreaterThan(100);
    expect(auto.progress).toEqual({ checked: live.n, total: live.n, percentage: 100 }); // exact: every live document, superseded versions not counted
  });

  it('a plaintext password in the legacy admin users is critical, says which admin, and no password or hash reaches the report, the API or the logs', async () => {
    const secret = 'hunter2-plaintext-secret';
    let adminId = '';
    const { t, dir } = await migrated(async (d) => {
      await generateLegacyStore(d);
      const first = fs.readFileSync(path.join(d, 'admin-users.db'), 'utf8').split('\n')[0] as string;
      const admin = JSON.parse(first) as Record<string, unknown>;
      adminId = String(admin._id);
      // A later version of the same admin, as the legacy application would have written it.
      await appendFile(path.join(d, 'admin-users.db'), `${JSON.stringify({ ...admin, passwordHash: secret, password: secret })}\n`);
    });
    const { validationId } = await requestValidation(t.db, { actor: 'test', trigger: 'manual' });
    const lines: string[] = [];
    const log = pino({ level: 'trace' }, new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } }));
    await executeValidation(t.db, { validationId }, log);
    const report = await getValidation(t.db, validationId);
    expect(report.state).toBe('completed');
    expect(report.overall).toBe(false);
    const [credentials] = resultsOf(report, 'credentials', 'critical');
    expect(credentials).toMatchObject({ collection: 'admin-users', count: 1, sample: [adminId] });
    const lastLine = fs.readFileSync(path.join(dir, 'admin-users.db'), 'utf8').split('\n').filter(Boolean).length;
    expect(credentials?.details?.[0]).toMatchObject({ id: adminId, line: lastLine, file: 'admin-users.db', problem: 'plaintext_password' }); // the appended version
    expect(credentials?.message).toMatch(/password-like field \((password, passwordHash|passwordHash, password)\)/);
    expect(report.recommendations).toContain('Rotate the plaintext passwords of 1 admin user(s) before cutover.');
    expect(report.criticalIssues.every((r) => r.check === 'credentials')).toBe(true); // the target holds exactly what the legacy store holds

    const hashes = fs.readFileSync(path.join(dir, 'admin-users.db'), 'utf8').match(/\$2b\$10\$[./A-Za-z0-9]{53}/g) ?? [];
    expect(hashes.length).toBeGreaterThan(3);
    expect(lines.length).toBeGreaterThan(0);
    const everything = [JSON.stringify(report), JSON.stringify(await listValidations(t.db)), ...lines].join('\n');
    expect(everything).not.toContain(secret);
    for (const hash of hashes) expect(everything).not.toContain(hash.slice(7));
    const stored = (await t.superDb.query(`SELECT report::text AS r FROM ferry.validations WHERE id = $1`, [validationId])).rows[0].r as string;
    expect(stored).not.toContain(secret);
  });

  it('a store whose files end records with each of NeDB\'s other breaks (\\r, \\r\\n, \\v, \\f, U+0085, U+2028, U+2029) validates clean: records are numbered as the migration numbered them', async () => {
    const breaks = ['\r', '\r\n', '\v', '\f', '\u0085', '\u2028', '\u2029'];
    const { auto, t, runId } = await migrated(async (d) => {
      await generateLegacyStore(d);
      fs.readdirSync(d).filter((f) => f.endsWith('.db')).sort().forEach((f, i) => {
        const file = path.join(d, f);
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll('\n', breaks[i % breaks.length] as string));
      });
    });
    expect(auto.state, JSON.stringify(auto.criticalIssues)).toBe('completed');
    expect(auto.criticalIssues, JSON.stringify(auto.criticalIssues, null, 1)).toEqual([]);
    expect(auto.overall).toBe(true);
    const live = (await t.db.query(`SELECT sum((stats->>'live')::int)::int AS n FROM ferry.run_collections WHERE run_id = $1`, [runId])).rows[0];
    expect(live.n).toBeGreaterThan(500);
    expect(auto.progress).toEqual({ checked: live.n, total: live.n, percentage: 100 });
  });
});
