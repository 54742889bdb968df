/**
 * `npm run bench [-- --docs 200000]`: every benchmark of the project, one after the other (they share
 * the machine), each printing JSON lines with a ratio against a baseline measured in the same run. The
 * last line of each is its summary; all of them go to lib/bench/REPORT.md with the machine and the date.
 * Full size: `--docs 1000000` (the README quotes the latest full-size figures).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { option } from './bench-kit';

const docs = option('docs', 200_000);
const tsx = path.resolve('node_modules/.bin/tsx');
const BENCHES: { name: string; file: string; args: string[]; what: string }[] = [
  { name: 'reader', file: 'lib/bench/legacy-reader.ts', args: ['--docs', String(docs), '--rounds', '1'], what: 'NeDB reader (both passes) vs readline + JSON.parse' },
  { name: 'load', file: 'lib/bench/load.ts', args: ['--docs', String(docs)], what: 'migration vs server-side COPY of the same rows' },
  { name: 'validate', file: 'lib/bench/validate.ts', args: ['--docs', String(docs)], what: 'full validation vs reading and parsing every source document once' },
  { name: 'rollback', file: 'lib/bench/rollback.ts', args: ['--docs', String(docs)], what: 'snapshot, rehearsal and rollback vs the load time' },
  { name: 'api-load', file: 'lib/bench/api-load.ts', args: ['--docs', String(docs)], what: 'status/progress under 100 watchers during a run vs no watchers and /api/health' },
  { name: 'adapter', file: 'lib/bench/adapter.ts', args: ['--docs', String(Math.min(docs, 200_000))], what: 'query adapter reads per mode vs reading the same document directly' },
];

/** Runs one benchmark, echoing its output, and returns its JSON lines. */
function run(file: string, args: string[]): Promise<{ code: number; lines: Record<string, unknown>[] }> {
  const child = spawn(tsx, [file, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'warn' } });
  const lines: Record<string, unknown>[] = [];
  let rest = '';
  child.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    const text = rest + chunk.toString();
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) {
      try {
        const parsed = JSON.parse(part) as unknown;
        if (parsed && typeof parsed === 'object' && 'bench' in parsed) lines.push(parsed as Record<string, unknown>);
      } catch {
        // not a result line
      }
    }
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code: code ?? 1, lines })));
}

async function main(): Promise<void> {
  const sections: string[] = [];
  let failed = false;
  for (const bench of BENCHES) {
    if (!fs.existsSync(bench.file)) continue;
    const started = Date.now();
    const { code, lines } = await run(bench.file, bench.args);
    if (code !== 0) failed = true;
    const summary = lines.at(-1);
    sections.push([
      `## ${bench.name}: ${bench.what}`,
      `\`npx tsx ${bench.file} ${bench.args.join(' ')}\` — ${code === 0 ? 'finished' : `FAILED (exit ${code})`} in ${Math.round((Date.now() - started) / 1000)} s`,
      '', '```json', JSON.stringify(summary ?? null, null, 2), '```', '',
    ].join('\n'));
  }
  const cpus = os.cpus();
  const report = [
    '# Benchmark report', '',
    `Written by \`npm run bench\` on ${new Date().toISOString()} — ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Node ${process.version}, ${docs.toLocaleString('en')} documents.`,
    'Each figure is measured against a baseline in the same run; ratios, not absolute times, are the comparison. The machine is shared, so figures vary by up to ±40% between runs.', '',
    ...sections,
  ].join('\n');
  fs.writeFileSync(path.join('lib', 'bench', 'REPORT.md'), report);
  process.exit(failed ? 1 : 0);
}

void main();
