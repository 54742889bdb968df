import os from 'node:os';
import path from 'node:path';

/**
 * Where integration tests keep rollback snapshots: one directory per test run, named after the main
 * Vitest process. vitest.config.mts hands the same path (and a fixed test key) to the test files as
 * SNAPSHOT_DIR / SNAPSHOT_KEY; global-setup.ts removes it when the run ends.
 */
export function testSnapshotDir(mainPid = process.pid): string {
  return path.join(os.tmpdir(), `ferry-int-snapshots-${mainPid}`);
}
