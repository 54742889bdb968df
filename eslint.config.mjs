import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/** The engine: driven by the CLI, workers and tests directly, so it imports nothing of Next.js or React. */
const ENGINE = ['legacy', 'mapping', 'migration', 'db', 'migrator', 'jobs', 'snapshot', 'rollback', 'validation', 'adapter', 'health'].map((dir) => `lib/server/${dir}/**`);
const WEB_ONLY = ['next', 'next/*', 'next-auth', 'next-auth/*', 'react', 'react/*', 'react-dom', 'react-dom/*', '@tanstack/*', 'server-only'];

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ['.next/**', 'node_modules/**', '.ferry/**', 'next-env.d.ts', 'lib/server/db/watchdog.cjs'] },
  {
    rules: {
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Fences between layers (README: Architecture). The engine stays framework-free.
    files: ENGINE,
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: WEB_ONLY, message: 'The engine imports no Next.js or React: routes and pages wrap it, the CLI and workers drive it directly.' }] }] },
  },
  {
    // Mapping sits below the migration engine: migration may use mapping, never the reverse.
    files: ['lib/server/mapping/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: WEB_ONLY, message: 'The engine imports no Next.js or React.' },
        { group: ['**/migration/*', '**/migration'], message: 'mapping must not depend on migration (shared helpers live in mapping/ or legacy/).' },
      ] }],
    },
  },
  {
    // The CLI talks to a terminal, and benchmarks print their figures.
    files: ['lib/cli/**', 'lib/bench/**', 'e2e/**'],
    rules: { 'no-console': 'off' },
  },
];

export default config;
