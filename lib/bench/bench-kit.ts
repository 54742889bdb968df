/**
 * What every benchmark shares: command-line options, JSON-line output, the generated legacy store
 * (written by the real NeDB library, cached under /tmp), an embedded PostgreSQL prepared like Ferry's
 * own (runtime and owner roles), and one migration run from start to completed.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureConsoleSchema } from '../server/console-db/console-migrations';
import { openEmbeddedCluster, type EmbeddedCluster } from '../server/db/embedded-cluster';
import { registerOwnerPool } from '../server/db/owner-pool';
import { createPool } from '../server/db/pool';
import { resetEnvCache } from '../server/config/env';
import { prepareDatabase } from '../server/db/prepare-database';
import { stopQueue } from '../server/jobs/job-queue';
import { startWorker } from '../server/jobs/worker';
import { DEFAULT_MAPPING } from '../server/mapping/mapping-schema';
import { getProgress } from '../server/migration/runs/get-progress';
import { startMigration } from '../server/migration/runs/start-migration';
import { ensureEngineTables } from '../server/migration/target-tables/target-tables';
import type { MigrationSource } from '../server/migration/migration-source';
import { createSnapshot } from '../server/snapshot/create-snapshot';

const args = process.argv.slice(2);

/** `--name value` from the command line, else `fallback`. */
export function option(name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
}

/** A printer of JSON lines tagged with the benchmark's name. */
export function printer(bench: string): (record: Record<string, unknown>) => void {
  return (record) => process.stdout.write(`${JSON.stringify({ bench, ...record })}\n`);
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
export const round1 = (n: number) => Math.round(n * 10) / 10;
export const ratio = (n: number) => Math.round(n * 100) / 100;

export type StoreShape = { docs: number; collections: number; tenants: number };

/**
 * A legacy store of `docs` documents in `collections` files over `tenants` tenants (two admin
 * collections), with history (updates, removals), written by the NeDB library in child processes and
 * cached in /tmp between runs.
 */
export async function generateBenchStore(shape: StoreShape, print: (r: Record<string, unknown>) => void): Promise<string> {
  const { docs, collections, tenants } = shape;
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

export type BenchDatabase = { db: pg.Pool; admin: pg.Client; superUrl: string; cluster: EmbeddedCluster; dataDir: string; close(): Promise<void> };

/**
 * A fresh embedded PostgreSQL in /tmp with one database prepared like Ferry's (no strict mode: it is a
 * test-only check that costs speed), Ferry's tables and the document tables; `admin` is a superuser
 * session for resets and baselines.
 */
export async function openBenchDatabase(poolSize: number): Promise<BenchDatabase> {
  const snapshots = temporarySnapshots();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-pg-'));
  fs.chmodSync(dataDir, 0o755);
  const cluster = await openEmbeddedCluster({ dataDir });
  const prepared = await prepareDatabase({
    host: '127.0.0.1', port: cluster.port, superUser: cluster.superUser, superPassword: cluster.superPassword, database: 'bench',
    appRole: 'ferry_app', appPassword: 'bench-password', ownerRole: 'ferry_owner', ownerPassword: 'bench-owner-password',
  });
  const db = createPool(prepared.appUrl, poolSize);
  const owner = createPool(prepared.ownerUrl, 4);
  registerOwnerPool(db, owner);
  const admin = new pg.Client({ connectionString: prepared.superUrl });
  await admin.connect();
  await ensureConsoleSchema(db);
  await ensureEngineTables(db);
  return {
    db, admin, superUrl: prepared.superUrl, cluster, dataDir,
    close: async () => {
      await admin.end();
      await db.end();
      await owner.end();
      await cluster.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(snapshots, { recursive: true, force: true });
    },
  };
}

/**
 * Rollback snapshots (every run takes or reuses one) go to a temporary directory under a throwaway key,
 * never into DATA_DIR. Set before the environment is first read.
 */
function temporarySnapshots(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-snapshots-'));
  process.env.SNAPSHOT_DIR = dir;
  process.env.SNAPSHOT_KEY = crypto.randomBytes(32).toString('hex');
  resetEnvCache();
  return dir;
}

/** The zero-config source of a generated store. */
export function benchSource(legacyDir: string): MigrationSource {
  return { legacyDir, mapping: { file: null, config: DEFAULT_MAPPING } };
}

/**
 * Waits until a snapshot is verified (a worker must be running): the seconds from `started` to its
 * rehearsal (writing the files) and of the rehearsal itself.
 */
export async function waitForSnapshot(db: pg.Pool, snapshotId: string, started: number): Promise<{ writeSeconds: number; rehearsalSeconds: number }> {
  let verifying: number | null = null;
  for (;;) {
    const { rows } = await db.query<{ state: string; error: string | null }>(`SELECT state, error FROM ferry.snapshots WHERE id = $1`, [snapshotId]);
    if (rows[0]?.state === 'verifying') verifying ??= performance.now();
    if (rows[0]?.state === 'verified') break;
    if (rows[0]?.state === 'failed') throw new Error(`snapshot failed: ${rows[0].error}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const done = performance.now();
  return { writeSeconds: ((verifying ?? done) - started) / 1000, rehearsalSeconds: (done - (verifying ?? done)) / 1000 };
}

/**
 * Takes a rollback snapshot of the target with an in-process worker and waits until it is verified:
 * its id and the seconds of writing and of the restore rehearsal. A run started next reuses it.
 */
export async function snapshotAndWait(db: pg.Pool, source: MigrationSource): Promise<{ snapshotId: string; writeSeconds: number; rehearsalSeconds: number }> {
  const worker = await startWorker(db, { concurrency: { collection: 0 } });
  try {
    const started = performance.now();
    const { snapshotId } = await createSnapshot(db, { actor: 'bench', source });
    return { snapshotId, ...(await waitForSnapshot(db, snapshotId, started)) };
  } finally {
    await worker.stop();
    await stopQueue();
  }
}

/**
 * One Ferry migration of `legacyDir` (zero-config mapping) from start to completed, with an in-process
 * worker: seconds, the run id and the process's peak RSS.
 */
/**
 * Untimed: waits for the validation a completed run starts by itself, so that it never runs during what
 * is timed next (a baseline, a snapshot, a rollback, the next round), as it would not in real use.
 */
export async function settleValidation(db: pg.Pool, runId: string, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query(`SELECT state FROM ferry.validations WHERE run_id = $1 ORDER BY created_at DESC LIMIT 1`, [runId]);
    if (rows[0] && rows[0].state !== 'running') return;
    if (Date.now() > deadline) throw new Error(`the validation of run ${runId} did not finish`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function migrateToEnd(db: pg.Pool, legacyDir: string, options: { batchSize: number; concurrency: number }): Promise<{ seconds: number; peakRss: number; runId: string }> {
  const worker = await startWorker(db, { batchSize: options.batchSize, concurrency: { collection: options.concurrency } });
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
    const seconds = (performance.now() - started) / 1000;
    await settleValidation(db, runId);
    return { seconds, peakRss, runId };
  } finally {
    clearInterval(sampler);
    await worker.stop();
    await stopQueue();
  }
}
