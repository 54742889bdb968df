import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const INPUTS = ['app', 'components', 'lib', 'proxy.ts', 'next.config.js', 'postcss.config.mjs', 'tsconfig.json', 'package-lock.json'];
const SKIP = /(\.test\.tsx?$|\.int\.test\.ts$|\/(cli|bench|testing)\/)/;

function* files(entry: string): Generator<string> {
  if (!fs.existsSync(entry)) return;
  if (fs.statSync(entry).isFile()) {
    yield entry;
    return;
  }
  for (const name of fs.readdirSync(entry).sort()) yield* files(path.join(entry, name));
}

/** A hash of everything `next build` reads, so a changed checkout rebuilds and an unchanged one does not. */
export function sourceStamp(root: string): string {
  const hash = crypto.createHash('sha256');
  for (const input of INPUTS) {
    for (const file of files(path.join(root, input))) {
      if (SKIP.test(file)) continue;
      hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex');
}

/**
 * Runs `next build` when there is no build yet or the sources changed since the last one. Returns the
 * seconds it took (0 when the build was current). Throws when the build fails.
 */
export function buildIfStale(root: string, log: (line: string) => void): number {
  const stampFile = path.join(root, '.next', 'ferry-source-stamp');
  const stamp = sourceStamp(root);
  const isCurrent = fs.existsSync(path.join(root, '.next', 'BUILD_ID')) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp;
  if (isCurrent) return 0;
  log('Building the console (first start or changed sources; about a minute)…');
  const started = Date.now();
  const result = spawnSync(path.join(root, 'node_modules', '.bin', 'next'), ['build'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal}).`);
  fs.writeFileSync(stampFile, stamp);
  return Math.round((Date.now() - started) / 1000);
}
