/**
 * `npm run bench`: every benchmark at a size that finishes in a few minutes. Each prints JSON lines
 * with a ratio against a baseline measured in the same run. For the full-size load benchmark run
 * `npm run bench:load` (1,000,000 documents).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const tsx = path.resolve('node_modules/.bin/tsx');
const benches: [string, string[]][] = [
  ['lib/bench/legacy-reader.ts', ['--docs', '200000', '--rounds', '1']],
  ['lib/bench/load.ts', ['--docs', '200000']],
];
let failed = false;
for (const [file, args] of benches) {
  const result = spawnSync(tsx, [file, ...args], { stdio: 'inherit', env: { ...process.env, LOG_LEVEL: 'warn' } });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
