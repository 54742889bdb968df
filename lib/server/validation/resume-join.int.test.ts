import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyStore } from '../demo/generate-legacy-store';
import { stopQueue } from '../jobs/job-queue';
import { startMigration } from '../migration/runs/start-migration';
import { demoMappingSource, prepareTarget, waitForRun } from '../migration/testing/migration-fixture';
import { workerProcesses } from '../migration/testing/worker-processes';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import type { ValidationDetail } from '../../shared/contracts/validation';
import { requestValidation } from './request-validation';
import { waitForAutoValidation, waitForValidation } from './testing/validation-fixture';

/*
 * A validation is stopped at a known point without relying on timing: the test holds an exclusive lock
 * on the typed table `companies`, so the validation records the collections before it and then waits on
 * that table. Its worker is SIGKILLed there; a fresh worker resumes it after the recorded steps.
 */

const legacyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-validate-resume-'));
const workers = workerProcesses(legacyDir);
let t: TestDatabase;
let runId: string;
let baseline: ValidationDetail;

beforeAll(async () => {
  await generateLegacyStore(legacyDir);
  t = await createTestDatabase();
  await prepareTarget(t.db);
  await workers.start(t.appUrl, t.ownerUrl);
  ({ runId } = await startMigration({ db: t.db, actor: 'test', source: demoMappingSource(legacyDir) }));
  await waitForRun(t.db, runId, ['completed'], 120_000);
  baseline = await waitForAutoValidation(t.db, runId);
}, 240_000);

afterAll(async () => {
  workers.killAll();
  await stopQueue();
  await t.drop();
  fs.rmSync(legacyDir, { recursive: true, force: true });
});

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A report without what differs between two validations of the same data by nature (times, latency samples). */
function comparable(v: ValidationDetail) {
  const strip = (list: ValidationDetail['info']) => list.filter((r) => r.check !== 'timings' && r.check !== 'read_latency').map((r) => JSON.stringify(r)).sort();
  return { overall: v.overall, critical: strip(v.criticalIssues), warnings: strip(v.warnings), info: strip(v.info), recommendations: v.recommendations };
}

describe('a validation interrupted by a crash', { timeout: 180_000 }, () => {
  it('is joined by every concurrent request, resumes after its recorded steps in a new worker, and ends with the same report', async () => {
    expect(baseline.overall).toBe(true);
    const locker = new pg.Client({ connectionString: t.superUrl });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE companies IN ACCESS EXCLUSIVE MODE');

    const { validationId } = await requestValidation(t.db, { runId, actor: 'test', trigger: 'manual' });
    const before = ['admin-roles', 'admin-users', 'campaigns'].map((c) => `collection:${c}`);
    const positions = (await t.db.query(`SELECT collection FROM ferry.run_collections WHERE run_id = $1 ORDER BY position`, [runId])).rows.map((r) => `collection:${r.collection}`);
    expect(positions.slice(0, 4)).toEqual([...before, 'collection:companies']);
    await until(
      async () => ({
        steps: (await t.db.query(`SELECT step FROM ferry.validation_steps WHERE validation_id = $1 ORDER BY position`, [validationId])).rows.map((r) => r.step),
        waiting: (await t.superDb.query(`SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'companies' AND NOT l.granted`)).rows[0].n,
      }),
      (s) => s.steps.length === before.length && s.waiting > 0,
      'the validation to wait on companies',
    );

    // A second validate while one runs joins it (the database allows one running validation per run).
    const joined = await Promise.all(Array.from({ length: 10 }, () => requestValidation(t.db, { runId, actor: 'test', trigger: 'manual' })));
    expect(new Set(joined.map((j) => j.validationId))).toEqual(new Set([validationId]));
    expect(joined.every((j) => j.joined)).toBe(true);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM ferry.validations WHERE state = 'running'`)).rows[0].n).toBe(1);

    const recorded = (await t.db.query(`SELECT step, finished_at FROM ferry.validation_steps WHERE validation_id = $1 ORDER BY step`, [validationId])).rows;
    workers.killAll();
    await locker.query('COMMIT');
    await locker.end();
    const after = (await t.db.query(`SELECT state, attempts FROM ferry.validations WHERE id = $1`, [validationId])).rows[0];
    expect(after).toEqual({ state: 'running', attempts: 1 });

    await workers.start(t.appUrl, t.ownerUrl); // its reaper queues the orphaned validation again
    const resumed = await waitForValidation(t.db, validationId, 120_000);
    expect(resumed.state).toBe('completed');
    expect((await t.db.query(`SELECT attempts FROM ferry.validations WHERE id = $1`, [validationId])).rows[0].attempts).toBe(2);
    const kept = (await t.db.query(`SELECT step, finished_at FROM ferry.validation_steps WHERE validation_id = $1 AND step = ANY($2) ORDER BY step`, [validationId, before])).rows;
    expect(kept).toEqual(recorded); // the steps done before the crash were not done again
    expect(resumed.progress).toEqual(baseline.progress);
    expect(comparable(resumed)).toEqual(comparable(baseline));
  });
});
