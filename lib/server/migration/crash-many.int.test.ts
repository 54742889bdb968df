import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom } from '../demo/seeded-random';
import { stopQueue } from '../jobs/job-queue';
import { DEFAULT_MAPPING } from '../mapping/mapping-schema';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import type { Db } from '../db/pool';
import { startMigration } from './runs/start-migration';
import { prepareTarget, waitForRun } from './testing/migration-fixture';
import { workerProcesses } from './testing/worker-processes';

/*
 * The crash suite: a migration whose worker is SIGKILLed at random moments and replaced each time ends
 * equal, row for row (counts and content checksums), to an uninterrupted run. Small in `npm test`;
 * `FERRY_STRESS=1` (npm run test:stress) runs 200,000 documents and 20 kills.
 */
const isStress = process.env.FERRY_STRESS === '1';
const perCollection = isStress ? 50_000 : 4_000;
const kills = isStress ? 20 : 4;
const legacyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-crash-many-'));
const workers = workerProcesses(legacyDir);
let crashed: TestDatabase;
let clean: TestDatabase;

function generate(name: string, seed: number): Promise<void> {
  const child = spawn(path.resolve('node_modules/.bin/tsx'), ['lib/bench/generate-bench-collection.ts', path.join(legacyDir, `${name}.db`), String(perCollection), '12', String(seed)], { stdio: 'ignore' });
  return new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`generator exited ${code}`)))));
}

beforeAll(async () => {
  await Promise.all(['admin-accounts', 'contacts', 'deals', 'events'].map((name, i) => generate(name, i + 1)));
  [crashed, clean] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  await prepareTarget(crashed.db);
  await prepareTarget(clean.db);
}, 300_000);

afterAll(async () => {
  workers.killAll();
  await stopQueue();
  await Promise.all([crashed.drop(), clean.drop()]);
  fs.rmSync(legacyDir, { recursive: true, force: true });
});

/** Per table: row count and an order-independent checksum of the migrated content (no run id, no load time). */
async function fingerprint(db: Db): Promise<Record<string, string>> {
  const content: Record<string, string> = {
    app_documents: `SELECT tenant_id, id, collection, legacy_id, data FROM app_documents`,
    admin_documents: `SELECT id, collection, legacy_id, data FROM admin_documents`,
    tenants: `SELECT id, name FROM tenants`,
    quarantine: `SELECT collection, line, legacy_id, reason, document FROM ferry.quarantine`,
  };
  const result: Record<string, string> = {};
  for (const [table, sql] of Object.entries(content)) {
    const { rows } = await db.query<{ n: string; sum: string | null }>(
      `SELECT count(*) AS n, sum(('x' || substr(md5(r::text), 1, 15))::bit(60)::bigint) AS sum FROM (${sql}) r`);
    result[table] = `${rows[0]?.n}:${rows[0]?.sum}`;
  }
  return result;
}

describe('crash suite', { timeout: isStress ? 1_800_000 : 300_000 }, () => {
  it(`a worker SIGKILLed at ${kills} random moments ends equal to an uninterrupted run`, async () => {
    const source = { legacyDir, mapping: { file: null, config: DEFAULT_MAPPING } };
    const { runId } = await startMigration({ db: crashed.db, actor: 'test', source });
    const random = createSeededRandom(Number(process.env.FERRY_STRESS_SEED ?? 11));
    let worker = await workers.start(crashed.appUrl, crashed.ownerUrl);
    const moments = Array.from({ length: kills }, () => random.next()).sort();
    let killed = 0;
    for (const moment of moments) {
      const progress = await waitForRun(crashed.db, runId, ['running', 'completed'], 240_000, (p) => p.state === 'completed' || (!p.totalIsEstimate && p.processed >= p.total * moment));
      if (progress.state === 'completed') break;
      process.kill(worker.pid, 'SIGKILL');
      worker.child.kill('SIGKILL');
      killed += 1;
      worker = await workers.start(crashed.appUrl, crashed.ownerUrl); // picks the orphaned collections up from their checkpoints
    }
    expect(killed).toBeGreaterThan(kills / 2); // most kills happened mid-run, not after it
    const done = await waitForRun(crashed.db, runId, ['completed'], 600_000);
    expect(done.processed).toBe(done.total);
    expect(done.collections.every((c) => c.accounting?.balanced === true)).toBe(true);

    const reference = await startMigration({ db: clean.db, actor: 'test', source });
    await workers.start(clean.appUrl, clean.ownerUrl);
    await waitForRun(clean.db, reference.runId, ['completed'], 600_000);
    const [a, b] = await Promise.all([fingerprint(crashed.db), fingerprint(clean.db)]);
    expect(a).toEqual(b);
    expect(Number(b.app_documents?.split(':')[0])).toBeGreaterThan(perCollection);
  });
});
