import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyStore } from '../demo/generate-legacy-store';
import { withTenant } from '../db/with-tenant';
import { stopQueue } from '../jobs/job-queue';
import { startWorker, type Worker } from '../jobs/worker';
import { tenantUuid } from '../mapping/ids';
import { startMigration } from '../migration/runs/start-migration';
import { demoMappingSource, prepareTarget, waitForRun } from '../migration/testing/migration-fixture';
import { getPublicStatus } from '../status-links/get-public-status';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { requestValidation } from '../validation/request-validation';
import { getAdapterConfig } from './adapter-config';
import { readLatestValidation, type LatestValidation } from './latest-validation';
import { setAdapterMode } from './set-adapter-mode';

let t: TestDatabase;
let worker: Worker;
const legacyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-gate-'));

beforeAll(async () => {
  await generateLegacyStore(legacyDir);
  t = await createTestDatabase();
  await prepareTarget(t.db);
  worker = await startWorker(t.db);
  const { runId } = await startMigration({ db: t.db, actor: 'test', source: demoMappingSource(legacyDir) });
  await waitForRun(t.db, runId, ['completed']);
});
afterAll(async () => {
  await worker.stop();
  await stopQueue();
  await t.drop();
  fs.rmSync(legacyDir, { recursive: true, force: true });
});

/** The latest validation once it has finished (a completed run is validated automatically). */
async function finishedValidation(): Promise<LatestValidation> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const latest = await readLatestValidation(t.db);
    if (latest && latest.state !== 'running') return latest;
    if (Date.now() > deadline) throw new Error(`validation still ${latest?.state ?? 'absent'} after 90 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the promotion gate with real validations', () => {
  it('lets a clean validation promote to new, and refuses once a validation finds critical issues', async () => {
    const clean = await finishedValidation();
    expect(clean).toMatchObject({ state: 'passed', critical: 0 });
    expect((await getPublicStatus(t.db)).validation).toMatchObject({ verdict: 'passed', critical: 0 });

    expect(await setAdapterMode(t.db, { mode: 'new' }, 'test')).toMatchObject({ mode: 'new' });
    expect((await getAdapterConfig(t.db)).mode).toBe('new');
    await setAdapterMode(t.db, { mode: 'legacy' }, 'test');

    // A migrated document disappears from Nile: the next validation finds it, and promotion is refused.
    const tenantId = tenantUuid('org_acme');
    await withTenant(t.db, tenantId, (c) => c.query(`DELETE FROM app_documents WHERE ctid = (SELECT ctid FROM app_documents WHERE tenant_id = $1 AND collection = 'campaigns' LIMIT 1)`, [tenantId]));
    await requestValidation(t.db, { actor: 'test', trigger: 'manual' });
    const broken = await finishedValidation();
    expect(broken.state).toBe('failed');
    expect(broken.critical).toBeGreaterThan(0);
    const refusal = await setAdapterMode(t.db, { mode: 'new' }, 'test').catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: 'conflict', details: { reasons: [expect.stringMatching(/latest validation found \d+ critical issue/)] } });
    expect((await getAdapterConfig(t.db)).mode).toBe('legacy');
  });
});
