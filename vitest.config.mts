import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@': path.resolve(import.meta.dirname), 'server-only': path.resolve(import.meta.dirname, 'lib/server/testing/server-only-stub.ts') };

export default defineConfig({
  resolve: { alias },
  test: {
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['lib/**/*.test.ts', 'components/**/*.test.ts'], exclude: ['**/*.int.test.ts'] },
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
    ],
  },
});
