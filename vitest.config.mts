import path from 'node:path';
import { defineConfig } from 'vitest/config';
import os from 'node:os';

/** Rollback snapshots in tests: a fixed key and one directory per run (global-setup.ts removes it; see snapshot-test-env.ts). */
const snapshots = { SNAPSHOT_KEY: '6a1f0c3e9b2d4a5f8e7c6b5a4d3c2b1a0f9e8d7c6b5a49382716f5e4d3c2b1a0', SNAPSHOT_DIR: path.join(os.tmpdir(), `ferry-int-snapshots-${process.pid}`) };

const alias = { '@': path.resolve(import.meta.dirname), 'server-only': path.resolve(import.meta.dirname, 'lib/server/testing/server-only-stub.ts') };

export default defineConfig({
  resolve: { alias },
  test: {
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent', ...snapshots },
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['lib/**/*.test.ts', 'components/**/*.test.ts'], exclude: ['**/*.int.test.ts', '**/*.stress.test.ts'] },
      },
      {
        resolve: { alias },
        test: {
          name: 'int',
          include: ['lib/**/*.int.test.ts'],
          globalSetup: ['lib/server/testing/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // `npm run test:stress`: the big sizes (150 MB documents, …), never part of `npm test`; one file
        // at a time, as they measure memory and time on a shared machine.
        resolve: { alias },
        test: {
          name: 'stress',
          include: ['lib/**/*.stress.test.ts'],
          globalSetup: ['lib/server/testing/global-setup.ts'],
          testTimeout: 1_800_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
