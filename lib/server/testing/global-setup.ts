import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openEmbeddedCluster } from '../db/embedded-cluster';
import { prepareDatabase } from '../db/prepare-database';
import { testSnapshotDir } from './snapshot-test-env';

export type TestCluster = { port: number; superUser: string; superPassword: string; appRole: string; appPassword: string; ownerRole: string; ownerPassword: string };

declare module 'vitest' {
  export interface ProvidedContext {
    testCluster: TestCluster;
  }
}

/**
 * One embedded PostgreSQL for the whole integration run, in a fresh temporary directory on a free
 * port (two runs on one machine never collide); every test file then creates its own database in it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-int-'));
  fs.chmodSync(dataDir, 0o755);
  const cluster = await openEmbeddedCluster({ dataDir });
  const appRole = 'ferry_test_app';
  const appPassword = 'test-app-password';
  const ownerRole = 'ferry_test_owner';
  const ownerPassword = 'test-owner-password';
  await prepareDatabase({ host: '127.0.0.1', port: cluster.port, superUser: cluster.superUser, superPassword: cluster.superPassword, database: 'ferry_template', appRole, appPassword, ownerRole, ownerPassword });
  project.provide('testCluster', { port: cluster.port, superUser: cluster.superUser, superPassword: cluster.superPassword, appRole, appPassword, ownerRole, ownerPassword });
  return async () => {
    await cluster.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(testSnapshotDir(), { recursive: true, force: true });
  };
}
