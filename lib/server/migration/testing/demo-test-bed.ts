import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { generateLegacyStore } from '../../demo/generate-legacy-store';
import { stopQueue } from '../../jobs/job-queue';
import { startWorker, type Worker } from '../../jobs/worker';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database';
import { prepareTarget } from './migration-fixture';

export type DemoTestBed = { readonly legacyDir: string; readonly t: TestDatabase; readonly worker: Worker };

/**
 * The usual integration setup, registered as the file's `beforeAll`/`afterAll`: the demo store in a
 * temporary directory, a fresh test database with the target schema, and an in-process worker; all of
 * it stopped and removed afterwards. Read `t` and `worker` inside tests (they exist once `beforeAll` ran).
 */
export function demoTestBed(prefix: string): DemoTestBed {
  const legacyDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  let t: TestDatabase | undefined;
  let worker: Worker | undefined;
  beforeAll(async () => {
    await generateLegacyStore(legacyDir);
    t = await createTestDatabase();
    await prepareTarget(t.db);
    worker = await startWorker(t.db);
  });
  afterAll(async () => {
    await worker?.stop();
    await stopQueue();
    await t?.drop();
    fs.rmSync(legacyDir, { recursive: true, force: true });
  });
  return {
    legacyDir,
    get t() {
      if (!t) throw new Error('the test bed is not ready: use it inside a test');
      return t;
    },
    get worker() {
      if (!worker) throw new Error('the test bed is not ready: use it inside a test');
      return worker;
    },
  };
}
