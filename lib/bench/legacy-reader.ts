/**
 * Benchmark of the legacy NeDB reader: pass 1 (scan), pass 2 (live documents) and both, against a
 * baseline measured in the same run: a plain `readline` loop doing `JSON.parse` of every line once.
 *
 *   npx tsx lib/bench/legacy-reader.ts [--docs 200000] [--rounds 3]
 *
 * Prints JSON lines. Each measurement runs in a fresh child process so its peak RSS is its own.
 * The file (~500 bytes per document) is written in NeDB's own format (`model.serialize` of the
 * installed library) with history: 10% of the documents updated later, 2% removed.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { readLiveDocuments } from '../server/legacy/read-live-documents';
import { scanCollection } from '../server/legacy/scan-collection';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? (args[at + 1] ?? fallback) : fallback;
};
const print = (record: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ bench: 'reader', ...record })}\n`);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  return { stop: () => (clearInterval(timer), Math.max(peak, process.memoryUsage().rss)) };
}

async function generate(file: string, docs: number): Promise<void> {
  const model = createRequire(import.meta.url)('@seald-io/nedb/lib/model.js') as { serialize(doc: unknown): string };
  let seed = 12345;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const doc = (i: number, version: number) => ({
    _id: `lead_${i.toString(36).padStart(8, '0')}`,
    tenantId: `org_${Math.floor(random() * 50)}`,
    email: `person${i}@company${i % 997}.example.com`,
    firstName: 'Ana', lastName: `Lastname${i}`, title: 'Head of Partnerships', phone: '+41 44 123 45 67',
    company: { name: `Company ${i % 997} AG`, domain: `company${i % 997}.example.com`, size: Math.floor(random() * 5000) },
    status: ['new', 'contacted', 'qualified', 'lost'][i % 4], score: Math.round(random() * 10_000) / 100, version,
    tags: ['imported', 'q3', `segment-${i % 13}`],
    createdAt: new Date(1_600_000_000_000 + i * 1000), updatedAt: new Date(1_700_000_000_000 + i * 1000 + version),
    notes: 'Met at the conference; wants a demo of the sequences feature next quarter. Follow up by email.'.repeat(2),
  });
  const out = createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  let buffer = '';
  for (let i = 0; i < docs; i++) {
    buffer += `${model.serialize(doc(i, 1))}\n`;
    if (i % 10 === 9) buffer += `${model.serialize(doc(i - 5, 2))}\n`; // 10% updated later
    if (i % 50 === 49) buffer += `${model.serialize({ $$deleted: true, _id: doc(i - 20, 0)._id })}\n`; // 2% removed
    if (buffer.length > 1 << 20) {
      const text = buffer;
      buffer = '';
      await write(text);
    }
  }
  await write(buffer);
  await new Promise<void>((resolve) => out.end(resolve));
}

const cpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

async function measure(mode: string, file: string): Promise<Record<string, unknown>> {
  const sampler = rssSampler();
  const started = performance.now();
  const cpuStart = cpuSeconds();
  if (mode === 'baseline') {
    let lines = 0;
    const reader = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of reader) {
      if (line !== '') JSON.parse(line);
      lines += 1;
    }
    const seconds = (performance.now() - started) / 1000;
    return { lines, seconds, cpuSeconds: cpuSeconds() - cpuStart, peakRssMb: mb(sampler.stop()) };
  }
  const scan = await scanCollection(file);
  const pass1 = (performance.now() - started) / 1000;
  const afterScan = process.memoryUsage();
  let live = 0;
  for await (const entry of readLiveDocuments(file, scan)) if (entry.doc) live += 1;
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds() - cpuStart;
  return { lines: scan.stats.lines, live, pass1, pass2: seconds - pass1, seconds, cpuSeconds: cpu, heapAfterScanMb: mb(afterScan.heapUsed), peakRssMb: mb(sampler.stop()) };
}

function child(mode: string, file: string): Record<string, unknown> {
  const self = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, [...process.execArgv, self, '--child', mode, '--file', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`child ${mode} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function main() {
  if (args.includes('--child')) {
    print(await measure(option('child', 'ferry'), option('file', '')));
    return;
  }
  const docs = Number(option('docs', '200000'));
  const rounds = Number(option('rounds', '3'));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ferry-bench-legacy-'));
  try {
    const file = path.join(dir, 'leads.db');
    const started = performance.now();
    await generate(file, docs);
    const bytes = (await stat(file)).size;
    print({ phase: 'generate', docs, bytes, mb: mb(bytes), seconds: (performance.now() - started) / 1000 });
    const baseline: number[] = [], pass1: number[] = [], pass2: number[] = [], both: number[] = [], rss: number[] = [], baseRss: number[] = [], cpuRatio: number[] = [];
    let lines = 0, live = 0;
    for (let round = 1; round <= rounds; round++) {
      const b = child('baseline', file);
      const f = child('ferry', file);
      lines = f.lines as number;
      live = f.live as number;
      baseline.push(lines / (b.seconds as number));
      pass1.push(lines / (f.pass1 as number));
      pass2.push(live / (f.pass2 as number));
      both.push(lines / (f.seconds as number));
      rss.push(f.peakRssMb as number);
      cpuRatio.push((b.cpuSeconds as number) / (f.cpuSeconds as number));
      baseRss.push(b.peakRssMb as number);
      print({ phase: 'round', round, baseline: b, ferry: f });
    }
    const peak = Math.max(...rss);
    const basePeak = Math.max(...baseRss);
    // Upper bound: everything Ferry holds beyond a plain parse loop grows linearly with the documents.
    const perMillion = Math.round(basePeak + (peak - basePeak) * (1_000_000 / docs));
    print({
      phase: 'summary', docs, lines, live, fileMb: mb(bytes),
      baselineLinesPerSecond: Math.round(median(baseline)),
      pass1LinesPerSecond: Math.round(median(pass1)),
      pass2LiveDocsPerSecond: Math.round(median(pass2)),
      bothLinesPerSecond: Math.round(median(both)),
      bothLiveDocsPerSecond: Math.round(median(both) * (live / lines)),
      ratioToBaseline: Math.round((median(both) / median(baseline)) * 100) / 100,
      ratioToBaselineByCpuTime: Math.round(median(cpuRatio) * 100) / 100,
      ratioCeiling: Math.round((lines / (lines + live)) * 100) / 100, // baseline parses each line once, Ferry lines + live
      ferryPeakRssMb: peak, baselinePeakRssMb: basePeak,
      rssUpperBoundAt1MDocsMb: perMillion,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
