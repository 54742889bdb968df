/**
 * `npm run bench:load [-- --docs 1000000 --collections 20 --tenants 50 --batch 2000 --concurrency 3 --rounds 3]`
 *
 * Generates N documents with the NeDB library (cached in /tmp between runs), migrates them with Ferry
 * (start, an in-process worker, to completion) into an embedded PostgreSQL, then measures the baseline
 * in the same run: the server-side COPY of exactly the rows Ferry wrote (exported as CSV) into the
 * same, emptied tables. Ferry and the baseline alternate for `--rounds` rounds (this machine's timings
 * vary by up to ±40%), and the summary gives the ratio of the medians (target ≥ 0.7) and the process's
 * peak RSS during the migrations (target < 512 MB). Each round's rollback snapshot is taken before its
 * timing starts (the run reuses it; bench:rollback times snapshots). Prints JSON lines.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { poolSizeFor } from '../server/db/pool';
import { benchSource, generateBenchStore, median, migrateToEnd, openBenchDatabase, option, printer, ratio, round1, snapshotAndWait } from './bench-kit';

const docs = option('docs', 1_000_000);
const collections = option('collections', 20);
const tenants = option('tenants', 50);
const batchSize = option('batch', Number(process.env.FERRY_BATCH_SIZE ?? 2000));
const concurrency = option('concurrency', Number(process.env.FERRY_WORKER_CONCURRENCY ?? 3));
const rounds = option('rounds', 3);
const print = printer('load');

const TABLES = ['app_documents', 'admin_documents'];

/** Empties what a run wrote, so the next round (and the baseline) start from the same state. */
async function resetTarget(admin: pg.Client): Promise<void> {
  await admin.query(`TRUNCATE app_documents, admin_documents, ferry_checkpoints, ferry.quarantine, ferry.shared_checkpoints, ferry.run_samples, ferry.run_events, ferry.run_collections, ferry.migration_runs CASCADE`);
  await admin.query('DELETE FROM tenants');
  await admin.query('VACUUM ANALYZE');
  await admin.query('CHECKPOINT');
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
  const legacyDir = await generateBenchStore({ docs, collections, tenants }, print);
  const csvDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-csv-'));
  fs.chmodSync(csvDir, 0o777); // the postgres server process writes and reads the CSV files
  const bench = await openBenchDatabase(poolSizeFor(concurrency));
  const { admin, db } = bench;
  try {
    const ferry: number[] = [];
    const baseline: number[] = [];
    let peakRss = 0;
    let rows = 0;
    for (let round = 1; round <= rounds; round += 1) {
      await resetTarget(admin);
      await snapshotAndWait(db, benchSource(legacyDir));
      const result = await migrateToEnd(db, legacyDir, { batchSize, concurrency });
      ferry.push(result.seconds);
      peakRss = Math.max(peakRss, result.peakRss);
      rows = Number((await admin.query(`SELECT (SELECT count(*) FROM app_documents) + (SELECT count(*) FROM admin_documents) AS n`)).rows[0].n);
      if (round === 1) for (const table of TABLES) await admin.query(`COPY ${table} TO '${path.join(csvDir, `${table}.csv`)}' WITH (FORMAT csv)`);
      baseline.push(await baselineRound(admin, csvDir));
      print({ round, ferrySeconds: round1(result.seconds), baselineSeconds: round1(baseline.at(-1) as number), ratio: ratio((baseline.at(-1) as number) / result.seconds) });
    }
    const ferryRate = rows / median(ferry);
    const baselineRate = rows / median(baseline);
    print({
      docs, collections, tenants, batchSize, concurrency, rounds, rows,
      ferry: { medianSeconds: round1(median(ferry)), rowsPerSecond: Math.round(ferryRate), seconds: ferry.map(round1) },
      baseline: { what: 'server-side COPY of the same rows (CSV) into the same tables', medianSeconds: round1(median(baseline)), rowsPerSecond: Math.round(baselineRate), seconds: baseline.map(round1) },
      ratio: ratio(ferryRate / baselineRate),
      targetRatio: 0.7,
      peakRssMb: Math.round(peakRss / 1024 / 1024),
      targetPeakRssMb: 512,
    });
  } finally {
    await bench.close();
    fs.rmSync(csvDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
