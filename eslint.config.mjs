import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

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
    // The CLI talks to a terminal, and benchmarks print their figures.
    files: ['lib/cli/**', 'lib/bench/**', 'e2e/**'],
    rules: { 'no-console': 'off' },
  },
];

export default config;
