import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '../config/env';
import { generateLegacyStore } from '../demo/generate-legacy-store';
import { stopQueue } from '../jobs/job-queue';
import { startWorker, type Worker } from '../jobs/worker';
import { startMigration } from '../migration/runs/start-migration';
import { demoMappingSource, prepareTarget, waitForRun } from '../migration/testing/migration-fixture';
import { snapshotDir, snapshotRoot } from '../snapshot/snapshot-paths';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { requestRollback } from './request-rollback';
import { insertPreexistingRows, manifestDigests, plain, protectingSnapshot, readManifest, targetDigests, waitForRollback } from './testing/rollback-fixture';

let t: TestDatabase;
let worker: Worker;
let runId = '';
let dir = '';
let dataFile = '';
const legacyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-rollback-integrity-'));

/** Damages a copy-restorable file for the duration of `fn`. */
async function damaged(file: string, damage: (bytes: Buffer) => Buffer, fn: () => Promise<void>): Promise<void> {
  const original = fs.readFileSync(file);
  fs.writeFileSync(file, damage(Buffer.from(original)));
  try {
    await fn();
  } finally {
    fs.writeFileSync(file, original);
  }
}

/** A refusal changes nothing: the target and the run are as they were. */
async function expectUntouched(before: Awaited<ReturnType<typeof targetDigests>>): Promise<void> {
  expect(plain(await targetDigests(t.db))).toEqual(plain(before));
  expect((await t.db.query(`SELECT state FROM ferry.migration_runs WHERE id = $1`, [runId])).rows[0].state).toBe('completed');
}

beforeAll(async () => {
  await generateLegacyStore(legacyDir);
  t = await createTestDatabase();
  await prepareTarget(t.db);
  await insertPreexistingRows(t.db);
  worker = await startWorker(t.db);
  runId = (await startMigration({ db: t.db, actor: 'test', source: demoMappingSource(legacyDir) })).runId;
  await waitForRun(t.db, runId, ['completed']);
  const snapshot = await protectingSnapshot(t.db, runId);
  dir = snapshotDir(snapshotRoot(), snapshot.id);
  const manifest = await readManifest(t.db, snapshot.id);
  dataFile = path.join(dir, manifest.tables.find((x) => x.name === 'app_documents')?.file as string);
});
afterAll(async () => {
  await worker.stop();
  await stopQueue();
  await t.drop();
  fs.rmSync(legacyDir, { recursive: true, force: true });
});

describe('a damaged snapshot is refused before any data is touched', () => {
  it('refuses a truncated data file (409, "truncated")', async () => {
    const before = await targetDigests(t.db);
    await damaged(dataFile, (b) => b.subarray(0, b.length - 100), async () => {
      const refused = await requestRollback(t.db, 'test', {}).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'conflict', details: { problem: 'truncated' } });
      expect((refused as Error).message).toMatch(/truncated/);
    });
    await expectUntouched(before);
  });

  it('refuses a modified manifest (409, "modified")', async () => {
    const before = await targetDigests(t.db);
    await damaged(path.join(dir, 'manifest.bin'), (b) => { b[b.length - 40] = (b[b.length - 40] as number) ^ 0xff; return b; }, async () => {
      await expect(requestRollback(t.db, 'test', {})).rejects.toMatchObject({ code: 'conflict', details: { problem: 'modified' } });
    });
    await expectUntouched(before);
  });

  it('refuses a snapshot encrypted under another key (409, "encrypted under another key")', async () => {
    const before = await targetDigests(t.db);
    const key = process.env.SNAPSHOT_KEY;
    process.env.SNAPSHOT_KEY = 'ab'.repeat(32);
    resetEnvCache();
    try {
      const refused = await requestRollback(t.db, 'test', {}).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'conflict', details: { problem: 'wrong_key' } });
      expect((refused as Error).message).toMatch(/encrypted under another key/);
    } finally {
      process.env.SNAPSHOT_KEY = key;
      resetEnvCache();
    }
    await expectUntouched(before);
  });

  it('fails a rollback whose data was modified inside a segment, in its verification pass, leaving the run as it was', async () => {
    const before = await targetDigests(t.db);
    await damaged(dataFile, (b) => { const at = Math.floor(b.length / 2); b[at] = (b[at] as number) ^ 0x01; return b; }, async () => {
      const accepted = await requestRollback(t.db, 'test', {}); // file sizes and manifest are intact
      const failed = await waitForRollback(t.db, accepted.body.rollbackId, ['failed', 'completed']);
      expect(failed.state).toBe('failed');
      expect(failed.error).toMatch(/was modified/);
    });
    await expectUntouched(before);
  });

  it('rolls back once the files are intact again: the target equals the snapshot', async () => {
    const accepted = await requestRollback(t.db, 'test', {});
    expect(accepted.isNew).toBe(true);
    const done = await waitForRollback(t.db, accepted.body.rollbackId, ['completed', 'failed']);
    expect(done).toMatchObject({ state: 'completed', verified: true, error: null });
    const snapshot = await protectingSnapshot(t.db, runId);
    expect(plain(await targetDigests(t.db))).toEqual(plain(manifestDigests(await readManifest(t.db, snapshot.id))));
  });
});
