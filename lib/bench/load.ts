/**
 * `npm run bench:load [-- --docs 1000000 --collections 20 --tenants 50 --batch 2000 --concurrency 3 --rounds 3]`
 *
 * Generates N documents with the NeDB library (cached in /tmp between runs), migrates them with Ferry
 * (start, an in-process worker, to completion) into an embedded PostgreSQL, then measures the baseline
 * in the same run: the server-side COPY of exactly the rows Ferry wrote (exported as CSV) into the
 * same, emptied tables. Ferry and the baseline alternate for `--rounds` rounds (this machine's timings
 * vary by up to ±40%), and the summary gives the ratio of the medians (target ≥ 0.7) and the process's
 * peak RSS during the migrations (target < 512 MB). Prints JSON lines.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureConsoleSchema } from '../server/console-db/console-migrations';
import { openEmbeddedCluster } from '../server/db/embedded-cluster';
import { registerOwnerPool } from '../server/db/owner-pool';
import { createPool, poolSizeFor } from '../server/db/pool';
import { prepareDatabase } from '../server/db/prepare-database';
import { DEFAULT_MAPPING } from '../server/mapping/mapping-schema';
import { getProgress } from '../server/migration/runs/get-progress';
import { stopQueue } from '../server/jobs/job-queue';
import { startMigration } from '../server/migration/runs/start-migration';
import { startWorker } from '../server/jobs/worker';
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
const rounds = option('rounds', 3);
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

const TABLES = ['app_documents', 'admin_documents'];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Empties what a run wrote, so the next round (and the baseline) start from the same state. */
async function resetTarget(admin: pg.Client): Promise<void> {
  await admin.query(`TRUNCATE app_documents, admin_documents, ferry_checkpoints, ferry.quarantine, ferry.shared_checkpoints, ferry.run_samples, ferry.run_events, ferry.run_collections, ferry.migration_runs CASCADE`);
  await admin.query('DELETE FROM tenants');
  await admin.query('VACUUM ANALYZE');
  await admin.query('CHECKPOINT');
}

/** One Ferry migration from start to completed: seconds and the process's peak RSS. */
async function ferryRound(db: pg.Pool, legacyDir: string): Promise<{ seconds: number; peakRss: number }> {
  const worker = await startWorker(db, { batchSize, concurrency: { collection: concurrency } });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const started = performance.now();
  try {
    const { runId } = await startMigration({ db, actor: 'bench', source: { legacyDir, mapping: { file: null, config: DEFAULT_MAPPING } } });
    let progress = await getProgress(db, runId);
    while (!['completed', 'failed'].includes(progress.state)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      progress = await getProgress(db, runId);
    }
    if (progress.state !== 'completed') throw new Error(`run failed: ${JSON.stringify(progress.errors)}`);
    return { seconds: (performance.now() - started) / 1000, peakRss };
  } finally {
    clearInterval(sampler);
    await worker.stop();
    await stopQueue();
  }
}

/** The baseline: the same rows, as CSV, server-side COPY into the same emptied tables, one session. */
async function baselineRound(admin: pg.Client, csvDir: string): Promise<number> {
  await admin.query(`TRUNCATE ${TABLES.join(', ')}`);
  await admin.query('CHECKPOINT');
  const started = performance.now();
  for (const table of TABLES) await admin.query(`COPY ${table} FROM '${path.join(csvDir, `${table}.csv`)}' WITH (FORMAT csv)`);
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  const legacyDir = await generateData();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-pg-'));
  fs.chmodSync(dataDir, 0o755);
  const csvDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-csv-'));
  fs.chmodSync(csvDir, 0o777); // the postgres server process writes and reads the CSV files
  const cluster = await openEmbeddedCluster({ dataDir });
  try {
    const prepared = await prepareDatabase({ host: '127.0.0.1', port: cluster.port, superUser: cluster.superUser, superPassword: cluster.superPassword, database: 'bench', appRole: 'ferry_app', appPassword: 'bench-password', ownerRole: 'ferry_owner', ownerPassword: 'bench-owner-password' });
    const db = createPool(prepared.appUrl, poolSizeFor(concurrency));
    registerOwnerPool(db, createPool(prepared.ownerUrl, 4));
    const admin = new pg.Client({ connectionString: prepared.superUrl });
    await admin.connect();
    await ensureConsoleSchema(db);
    await ensureEngineTables(db);
    const ferry: number[] = [];
    const baseline: number[] = [];
    let peakRss = 0;
    let rows = 0;
    for (let round = 1; round <= rounds; round += 1) {
      await resetTarget(admin);
      const result = await ferryRound(db, legacyDir);
      ferry.push(result.seconds);
      peakRss = Math.max(peakRss, result.peakRss);
      rows = Number((await admin.query(`SELECT (SELECT count(*) FROM app_documents) + (SELECT count(*) FROM admin_documents) AS n`)).rows[0].n);
      if (round === 1) for (const table of TABLES) await admin.query(`COPY ${table} TO '${path.join(csvDir, `${table}.csv`)}' WITH (FORMAT csv)`);
      baseline.push(await baselineRound(admin, csvDir));
      print({ round, ferrySeconds: round1(result.seconds), baselineSeconds: round1(baseline.at(-1) as number), ratio: Math.round(((baseline.at(-1) as number) / result.seconds) * 100) / 100 });
    }
    const ferryRate = rows / median(ferry);
    const baselineRate = rows / median(baseline);
    print({
      docs, collections, tenants, batchSize, concurrency, rounds, rows,
      ferry: { medianSeconds: round1(median(ferry)), rowsPerSecond: Math.round(ferryRate), seconds: ferry.map(round1) },
      baseline: { what: 'server-side COPY of the same rows (CSV) into the same tables', medianSeconds: round1(median(baseline)), rowsPerSecond: Math.round(baselineRate), seconds: baseline.map(round1) },
      ratio: Math.round((ferryRate / baselineRate) * 100) / 100,
      targetRatio: 0.7,
      peakRssMb: Math.round(peakRss / 1024 / 1024),
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
