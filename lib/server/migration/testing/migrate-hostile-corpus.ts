/**
 * The hostile-input suite's scenario (test helper): the corpus of legacy/testing/hostile-corpus.ts
 * through the real Plan and a real run (zero-config mapping, an in-process worker) into a test database
 * in Nile's strict mode, then every promise checked: nothing crashes, nothing outside LEGACY_DIR is read,
 * every line is accounted for, every report names file and line, the Plan predicted the quarantine
 * exactly, and what arrived (rows + quarantine) is what `@seald-io/nedb` loads.
 */
import { expect } from 'vitest';
import { startWorker } from '../../jobs/worker';
import { stopQueue } from '../../jobs/job-queue';
import { listCollections } from '../../legacy/list-collections';
import { writeHostileCorpus, type CorpusSize } from '../../legacy/testing/hostile-corpus';
import { DEFAULT_MAPPING } from '../../mapping/mapping-schema';
import type { TestDatabase } from '../../testing/test-database';
import { buildPlan } from '../plan/build-plan';
import { startMigration } from '../runs/start-migration';
import { collectionOutcome } from './compare-with-nedb';
import { waitForRun } from './migration-fixture';

export async function migrateHostileCorpus(t: TestDatabase, root: string, size: CorpusSize, timeoutMs: number): Promise<void> {
  const corpus = await writeHostileCorpus(root, size);
  const source = { legacyDir: corpus.dir, mapping: { file: null, config: DEFAULT_MAPPING } };

  const { plan } = await buildPlan({ db: t.db, ...source });
  expect(plan.blockers).toEqual([]);
  const skipped = plan.warnings.filter((w) => w.code === 'entry_skipped').map((w) => w.message);
  expect(skipped).toHaveLength(corpus.skipped.length);
  for (const name of corpus.skipped) expect(skipped.some((message) => message.includes(`"${name}"`))).toBe(true);
  expect(plan.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['corrupt_lines', 'invalid_keys', 'invalid_dates', 'unstorable_values', 'without_tenant', 'lines_without_id']));
  for (const secret of corpus.secrets) expect(JSON.stringify(plan)).not.toContain(secret);
  for (const collection of plan.collections) {
    for (const sample of [...collection.corrupt.samples, ...collection.withoutId.samples]) expect(sample.line).toBeGreaterThanOrEqual(1);
  }

  const { runId } = await startMigration({ db: t.db, actor: 'test', source });
  const worker = await startWorker(t.db);
  try {
    const done = await waitForRun(t.db, runId, ['completed'], timeoutMs);
    expect(done.errors).toEqual([]);
    for (const collection of done.collections) expect(collection.accounting?.balanced, collection.name).toBe(true);
  } finally {
    await worker.stop();
    await stopQueue();
  }

  const quarantine = await t.superDb.query<{ n: number }>(`SELECT count(*)::int AS n FROM ferry.quarantine WHERE run_id = $1`, [runId]);
  expect(quarantine.rows[0]?.n).toBe(plan.totals.quarantineExpected);
  const texts = await t.superDb.query<{ text: string }>(
    `SELECT message AS text FROM ferry.run_events WHERE run_id = $1 UNION ALL SELECT document FROM ferry.quarantine WHERE run_id = $1
     UNION ALL SELECT data::text FROM app_documents UNION ALL SELECT data::text FROM admin_documents`, [runId]);
  for (const secret of corpus.secrets) expect(texts.rows.some((row) => row.text.includes(secret))).toBe(false);

  for (const { name, file } of (await listCollections(corpus.dir)).collections) {
    const outcome = await collectionOutcome(t.superDb, runId, name, file);
    for (const key of outcome.migrated.keys()) expect(outcome.quarantined.has(key), `${name}: ${key} both migrated and quarantined`).toBe(false);
    const arrived = new Map([...outcome.migrated, ...[...outcome.quarantined].map(([key, q]) => [key, q.document] as const)]);
    expect([...arrived.keys()].sort(), name).toEqual([...outcome.nedbParsed.keys()].sort());
    for (const [key, doc] of arrived) expect(doc, `${name}: ${key}`).toEqual(outcome.nedbParsed.get(key));
    if (!(outcome.nedbLoaded instanceof Error)) expect([...arrived.keys()].sort(), name).toEqual([...outcome.nedbLoaded.keys()].sort());
    for (const [key, q] of outcome.quarantined) {
      expect(q.file, `${name}: ${key}`).toBe(file);
      expect(q.line, `${name}: ${key}`).toBeGreaterThanOrEqual(1);
      expect(q.reason, `${name}: ${key}`).not.toBe('');
    }
  }
  const quarantinedIds = await t.superDb.query<{ collection: string; legacy_id: string; reason: string }>(
    `SELECT collection, legacy_id, reason FROM ferry.quarantine WHERE run_id = $1 AND collection IN ('numbers', 'nul-and-surrogates', 'admin-users') `, [runId]);
  expect(quarantinedIds.rows.map((r) => `${r.collection}/${r.legacy_id}`).sort()).toEqual([
    'admin-users/a2', 'admin-users/a3',
    'nul-and-surrogates/z1', 'nul-and-surrogates/z2', 'nul-and-surrogates/z3\u2400', 'nul-and-surrogates/z5', 'nul-and-surrogates/z6', 'nul-and-surrogates/z8', 'nul-and-surrogates/z9',
    'numbers/n3',
  ]);
  expect(quarantinedIds.rows.find((r) => r.legacy_id === 'n3')?.reason).toMatch(/numeric/);
  expect(quarantinedIds.rows.find((r) => r.legacy_id === 'z1')?.reason).toMatch(/^cannot be stored: the document holds a NUL character/);
  const reasons = await t.superDb.query<{ reason: string }>(`SELECT reason FROM ferry.quarantine WHERE run_id = $1 AND collection = 'tenants' ORDER BY line`, [runId]);
  expect(reasons.rows.map((r) => r.reason)).toEqual([
    'no tenant: field "tenantId" is an object ({"id":"org_a"}), not a tenant key',
    'no tenant: field "tenantId" is an array (["org_a"]), not a tenant key',
    'no tenant: field "tenantId" is an empty string',
    'no tenant: field "tenantId" is missing',
    'no tenant: field "tenantId" is null',
    'no tenant: field "tenantId" is a boolean (true), not a tenant key',
  ]);
}
