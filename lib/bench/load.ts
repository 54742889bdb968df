/**
 * `npm run bench:load [-- --docs 1000000 --collections 20 --tenants 50 --batch 2000 --concurrency 3]`
 *
 * Generates N documents with the NeDB library (cached in /tmp between runs), migrates them with Ferry
 * (plan, start, one in-process worker, to completion) into an embedded PostgreSQL, then measures the
 * baseline in the same run: the server-side COPY of exactly the rows Ferry wrote (exported as CSV) into
 * the same, emptied tables. Prints JSON lines: rows/s of both, their ratio (target ≥ 0.7) and the
 * process's peak RSS during the migration (target < 512 MB).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureConsoleSchema } from '../server/console-db/console-migrations';
import { openEmbeddedCluster } from '../server/db/embedded-cluster';
import { createPool } from '../server/db/pool';
import { prepareDatabase } from '../server/db/prepare-database';
import { DEFAULT_MAPPING } from '../server/mapping/mapping-schema';
import { getProgress } from '../server/migration/runs/get-progress';
import { stopQueue } from '../server/migration/runs/queue';
import { startMigration } from '../server/migration/runs/start-migration';
import { startWorker } from '../server/migration/runs/worker';
import { ensureEngineTables } from '../server/migration/target-tables/target-tables';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const docs = option('docs', 1_000_000);
const collections = option('collections', 20);
const tenants = option('tenants', 50);
const batchSize = option('batch', Number(process.env.FERRY_BATCH_SIZE ?? 2000));
const concurrency = option('concurrency', Number(process.env.FERRY_WORKER_CONCURRENCY ?? 3));
const print = (record: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ bench: 'load', ...record })}\n`);

async function generateData(): Promise<string> {
  const dir = path.join(os.tmpdir(), `ferry-bench-load-v1-${docs}-${collections}-${tenants}`);
  if (fs.existsSync(path.join(dir, '.complete'))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const names = Array.from({ length: collections }, (_, i) => (i < 2 ? `admin-bench-${i}` : `bench-${String(i).padStart(2, '0')}`));
  const queue = [...names];
  const runOne = async (): Promise<void> => {
    const name = queue.shift();
    if (!name) return;
    await new Promise<void>((resolve, reject) => {
      const child = spawn(path.resolve('node_modules/.bin/tsx'), ['lib/bench/generate-bench-collection.ts', path.join(dir, `${name}.db`), String(Math.ceil(docs / collections)), String(tenants), String(names.indexOf(name) + 1)], { stdio: 'inherit' });
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`generator for ${name} exited ${code}`))));
    });
    await runOne();
  };
  await Promise.all([runOne(), runOne()]);
  fs.writeFileSync(path.join(dir, '.complete'), '');
  print({ step: 'generated', dir, seconds: Math.round((Date.now() - started) / 1000) });
  return dir;
}

async function main(): Promise<void> {
  const legacyDir = await generateData();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-pg-'));
  fs.chmodSync(dataDir, 0o755);
  const csvDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-csv-'));
  fs.chmodSync(csvDir, 0o777); // the postgres server process writes and reads the CSV files
  const cluster = await openEmbeddedCluster({ dataDir });
  try {
    const prepared = await prepareDatabase({ host: '127.0.0.1', port: cluster.port, superUser: cluster.superUser, superPassword: cluster.superPassword, database: 'bench', appRole: 'ferry_app', appPassword: 'bench-password' });
    const db = createPool(process.env.BENCH_AS_SUPERUSER ? prepared.superUrl : prepared.appUrl, 10);
    const admin = new pg.Client({ connectionString: prepared.superUrl });
    await admin.connect();
    await ensureConsoleSchema(db);
    await ensureEngineTables(db);
    const worker = await startWorker(db, { batchSize, concurrency });

    // Ferry: plan + start + load to completion, peak RSS of this whole process.
    await admin.query('CHECKPOINT');
    let peak = process.memoryUsage().rss;
    let atPeak = process.memoryUsage();
    const sampler = setInterval(() => {
      const usage = process.memoryUsage();
      if (usage.rss > peak) [peak, atPeak] = [usage.rss, usage];
    }, 50);
    const started = performance.now();
    const { runId } = await startMigration({ db, actor: 'bench', source: { legacyDir, mapping: { file: null, config: DEFAULT_MAPPING } } });
    const startSeconds = (performance.now() - started) / 1000;
    let progress = await getProgress(db, runId);
    while (!['completed', 'failed'].includes(progress.state)) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      progress = await getProgress(db, runId);
    }
    const ferrySeconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    if (progress.state !== 'completed') throw new Error(`run failed: ${JSON.stringify(progress.errors)}`);
    await worker.stop();
    await stopQueue();

    // Baseline: the same rows, as CSV, server-side COPY into the same tables (one session).
    const tables = ['app_documents', 'admin_documents'];
    for (const table of tables) await admin.query(`COPY ${table} TO '${path.join(csvDir, `${table}.csv`)}' WITH (FORMAT csv)`);
    await admin.query(`TRUNCATE ${tables.join(', ')}`);
    await admin.query('CHECKPOINT');
    const baselineStarted = performance.now();
    for (const table of tables) await admin.query(`COPY ${table} FROM '${path.join(csvDir, `${table}.csv`)}' WITH (FORMAT csv)`);
    const baselineSeconds = (performance.now() - baselineStarted) / 1000;
    const rows = Number((await admin.query(`SELECT (SELECT count(*) FROM app_documents) + (SELECT count(*) FROM admin_documents) AS n`)).rows[0].n);

    const ferryRate = rows / ferrySeconds;
    const baselineRate = rows / baselineSeconds;
    print({
      docs, collections, tenants, batchSize, concurrency, rows,
      ferry: { seconds: Math.round(ferrySeconds * 10) / 10, rowsPerSecond: Math.round(ferryRate), startSeconds: Math.round(startSeconds * 10) / 10 },
      baseline: { what: 'server-side COPY of the same rows (CSV) into the same tables', seconds: Math.round(baselineSeconds * 10) / 10, rowsPerSecond: Math.round(baselineRate) },
      ratio: Math.round((ferryRate / baselineRate) * 100) / 100,
      targetRatio: 0.7,
      peakRssMb: Math.round(peak / 1024 / 1024),
      atPeakMb: { heapUsed: Math.round(atPeak.heapUsed / 1048576), heapTotal: Math.round(atPeak.heapTotal / 1048576), external: Math.round(atPeak.external / 1048576), arrayBuffers: Math.round(atPeak.arrayBuffers / 1048576) },
      targetPeakRssMb: 512,
    });
    await admin.end();
    await db.end();
  } finally {
    await cluster.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(csvDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
