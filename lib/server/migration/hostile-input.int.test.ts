import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyStore } from '../demo/generate-legacy-store';
import { startWorker } from '../jobs/worker';
import { stopQueue } from '../jobs/job-queue';
import { makeTempDir, removeDir } from '../legacy/nedb-test-kit';
import { buildPlan } from './plan/build-plan';
import { startMigration } from './runs/start-migration';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { migrateHostileCorpus } from './testing/migrate-hostile-corpus';
import { demoMappingSource, prepareTarget, waitForRun } from './testing/migration-fixture';

let t: TestDatabase;
let root: string;
beforeAll(async () => {
  root = await makeTempDir('hostile-run');
  t = await createTestDatabase();
  await prepareTarget(t.db);
});
afterAll(async () => {
  await t.drop();
  await removeDir(root);
});

describe('hostile legacy files through the real Plan and a real run (strict mode)', { timeout: 300_000 }, () => {
  it('nothing crashes, nothing outside LEGACY_DIR is read, every line is accounted for, the Plan predicts the quarantine, the result is what NeDB loads', async () => {
    await migrateHostileCorpus(t, root, 'small', 240_000);
  });
});

describe('the Plan predicts what the database refuses in typed tables', { timeout: 300_000 }, () => {
  it('NUL and lone surrogates in text, text[] and extra columns, a NUL tenant key: quarantineExpected = what the run quarantines, but for the schema\'s own constraints', async () => {
    const typed = await createTestDatabase();
    try {
      await prepareTarget(typed.db);
      const dir = path.join(root, 'typed');
      await generateLegacyStore(dir);
      // Complete leads (every column valid, as the demo writes them), each with one hostile value.
      const lead = JSON.parse((await readFile(path.join(dir, 'leads.db'), 'utf8')).split('\n')[0] as string) as Record<string, unknown>;
      const variant = (id: string, changes: Record<string, unknown>) => JSON.stringify({ ...lead, _id: id, email: `${id}@acme.test`, ...changes });
      await appendFile(path.join(dir, 'leads.db'), `${[
        variant('h1', { email: 'nul\u0000@acme.test' }),
        variant('h2', { firstName: '\ud800' }),
        variant('h3', { tags: ['ok', '\u0000'] }),
        variant('h4', { notes: 'kept in extra \u0000' }),
        variant('h5', { notes: '\ud83d\ude00 \\u0000 is text, not a NUL' }),
        variant('h6', { tenantId: 'org\u0000x' }),
        variant('h7', { score: 'high' }),
      ].join('\n')}\n`);
      const source = demoMappingSource(dir);
      const { plan } = await buildPlan({ db: typed.db, ...source });
      expect(plan.blockers).toEqual([]);
      const leads = plan.collections.find((c) => c.name === 'leads');
      expect(leads?.unstorable?.samples.map((s) => s.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/column email would hold a NUL/), expect.stringMatching(/tenant key holds a NUL/)]));
      const { runId } = await startMigration({ db: typed.db, actor: 'test', source });
      const worker = await startWorker(typed.db);
      try {
        await waitForRun(typed.db, runId, ['completed'], 240_000);
      } finally {
        await worker.stop();
        await stopQueue();
      }
      const quarantined = await typed.superDb.query<{ legacy_id: string }>(`SELECT legacy_id FROM ferry.quarantine WHERE run_id = $1 AND collection = 'leads' AND legacy_id = ANY($2) ORDER BY legacy_id`, [runId, ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7']]);
      expect(quarantined.rows.map((r) => r.legacy_id)).toEqual(['h1', 'h2', 'h3', 'h4', 'h6', 'h7']);
      // Everything the Plan predicts, plus what only the typed tables' own constraints can refuse (the demo
      // writes two leads its CHECK refuses: a schema rule, not a value PostgreSQL cannot store).
      const all = await typed.superDb.query<{ reason: string }>(`SELECT reason FROM ferry.quarantine WHERE run_id = $1`, [runId]);
      const bySchema = all.rows.filter((r) => /violates (check|foreign key|not-null) constraint/.test(r.reason));
      expect(bySchema).toHaveLength(2);
      expect(all.rows.length - bySchema.length).toBe(plan.totals.quarantineExpected);
    } finally {
      await typed.drop();
    }
  });
});
