/**
 * `npm run bench:validate [-- --docs 1000000 --collections 20 --tenants 50 --rounds 3 --changed 100]`
 *
 * Migrates a generated store (bench-kit.ts, cached) once, then alternates, for `--rounds` rounds:
 *  - the baseline: reading and JSON-parsing every source document once — `readline` over each legacy
 *    file and `JSON.parse` of each final line (the part no validation can skip);
 *  - a full validation of the run (in this process: legacy side, target side in PostgreSQL, drill-down,
 *    every global check, the report);
 *  - the same validation with `--changed` documents changed in the target (the drill-down case).
 * Prints the ratio of medians baseline/validation (target ≥ 0.7), the validation's rows/s (target ≥
 * 50,000), the drill-down's time against the clean validation's (target ≤ 1.2) and the process's peak RSS
 * during validations (target < 512 MB). After the load the database settles (VACUUM ANALYZE, CHECKPOINT)
 * and one untimed validation warms it up. JSON lines; the last is the summary.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import pino from 'pino';
import type pg from 'pg';
import { poolSizeFor } from '../server/db/pool';
import { decodeStoredScan, type StoredScanStats } from '../server/migration/stored-scan';
import { executeValidation } from '../server/validation/execute-validation';
import { getValidation } from '../server/validation/get-validation';
import { requestValidation } from '../server/validation/request-validation';
import { generateBenchStore, median, migrateToEnd, openBenchDatabase, option, printer, ratio, round1 } from './bench-kit';

const docs = option('docs', 1_000_000);
const collections = option('collections', 20);
const tenants = option('tenants', 50);
const rounds = option('rounds', 3);
const changed = option('changed', 100);
const print = printer('validate');
const silent = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' });

type FileLines = { file: string; finalLines: Uint32Array };

/** The run's files and final lines, as the baseline reads them. */
async function runFiles(db: pg.Pool, runId: string): Promise<FileLines[]> {
  const { rows } = await db.query<{ file: string; stats: StoredScanStats; final_lines: Buffer; fingerprint: { bytes: number; mtimeMs: number } }>(
    `SELECT file, stats, final_lines, fingerprint FROM ferry.run_collections WHERE run_id = $1 ORDER BY position`, [runId]);
  return rows.map((r) => ({ file: r.file, finalLines: decodeStoredScan(r.stats, r.final_lines, r.fingerprint)?.finalLines ?? new Uint32Array() }));
}

/** The baseline: readline over every file, JSON.parse of each final line. Seconds and documents parsed. */
async function baseline(files: FileLines[]): Promise<{ seconds: number; parsed: number }> {
  const started = performance.now();
  let parsed = 0;
  for (const { file, finalLines } of files) {
    let line = 0;
    let next = 0;
    for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      line += 1;
      if (finalLines[next] !== line) continue;
      next += 1;
      if ((JSON.parse(text) as { _id?: unknown })._id !== undefined) parsed += 1;
    }
  }
  return { seconds: (performance.now() - started) / 1000, parsed };
}

/** One validation of the run in this process: seconds, documents checked, the process's peak RSS, and its counts. */
async function validate(db: pg.Pool, runId: string): Promise<{ seconds: number; checked: number; peakRss: number; critical: number; changedFound: number; steps: Record<string, unknown> }> {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
  const started = performance.now();
  try {
    const { validationId } = await requestValidation(db, { runId, actor: 'bench', trigger: 'manual' });
    await executeValidation(db, { validationId }, silent);
    const seconds = (performance.now() - started) / 1000;
    const report = await getValidation(db, validationId);
    if (report.state !== 'completed') throw new Error(`validation ${report.state}: ${JSON.stringify(report.criticalIssues)}`);
    const changedFound = report.criticalIssues.filter((r) => r.check === 'content').reduce((n, r) => n + (r.count ?? 0), 0);
    // Where the time went: the global checks one by one (collections overlap, so theirs is not additive).
    const { rows } = await db.query<{ step: string; seconds: number }>(`SELECT step, seconds FROM ferry.validation_steps WHERE validation_id = $1 AND step NOT LIKE 'collection:%'`, [validationId]);
    const steps: Record<string, unknown> = Object.fromEntries(rows.map((r) => [r.step, round1(r.seconds * 10) / 10]));
    const phases = await db.query<{ phases: unknown }>(`SELECT facts->'phases' AS phases FROM ferry.validation_steps WHERE validation_id = $1 AND step = 'tags'`, [validationId]);
    steps.phases = phases.rows[0]?.phases;
    return { seconds, checked: report.progress.checked, peakRss, critical: report.criticalIssues.length, changedFound, steps };
  } finally {
    clearInterval(sampler);
  }
}

/** Changes `count` random documents in the target (kept aside to be put back). */
async function changeDocuments(admin: pg.Client, count: number): Promise<void> {
  await admin.query(`CREATE TEMP TABLE IF NOT EXISTS bench_changed AS SELECT tenant_id, id, data FROM app_documents WITH NO DATA`);
  await admin.query(`TRUNCATE bench_changed`);
  await admin.query(`INSERT INTO bench_changed SELECT tenant_id, id, data FROM app_documents ORDER BY md5(id::text) LIMIT $1`, [count]);
  await admin.query(`UPDATE app_documents d SET data = jsonb_set(d.data, '{status}', '"changed-by-the-benchmark"') FROM bench_changed c WHERE (d.tenant_id, d.id) = (c.tenant_id, c.id)`);
}

async function restoreDocuments(admin: pg.Client): Promise<void> {
  await admin.query(`UPDATE app_documents d SET data = c.data FROM bench_changed c WHERE (d.tenant_id, d.id) = (c.tenant_id, c.id)`);
}

async function main(): Promise<void> {
  const legacyDir = await generateBenchStore({ docs, collections, tenants }, print);
  const bench = await openBenchDatabase(poolSizeFor(3));
  try {
    const load = await migrateToEnd(bench.db, legacyDir, { batchSize: 2000, concurrency: 3 });
    // The in-process worker stopped right after the run completed: its automatic validation is not measured.
    await bench.admin.query(`UPDATE ferry.validations SET state = 'failed', error = 'stopped by the benchmark', finished_at = now() WHERE state = 'running'`);
    await bench.admin.query('VACUUM ANALYZE');
    await bench.admin.query('CHECKPOINT');
    print({ step: 'migrated', docs, seconds: round1(load.seconds) });
    const files = await runFiles(bench.db, load.runId);
    const warm = await validate(bench.db, load.runId);
    print({ step: 'warm-up validation', seconds: round1(warm.seconds), critical: warm.critical, globalChecks: warm.steps });

    const base: number[] = [];
    const clean: number[] = [];
    const drill: number[] = [];
    let peakRss = 0;
    let checked = 0;
    let parsed = 0;
    for (let round = 1; round <= rounds; round += 1) {
      const b = await baseline(files);
      base.push(b.seconds);
      parsed = b.parsed;
      const c = await validate(bench.db, load.runId);
      if (c.critical !== 0) throw new Error(`a clean validation found ${c.critical} critical issue(s)`);
      clean.push(c.seconds);
      checked = c.checked;
      await changeDocuments(bench.admin, changed);
      const d = await validate(bench.db, load.runId);
      await restoreDocuments(bench.admin);
      if (d.changedFound !== changed) throw new Error(`the drill-down found ${d.changedFound} changed documents, not ${changed}`);
      drill.push(d.seconds);
      peakRss = Math.max(peakRss, c.peakRss, d.peakRss);
      print({ round, baselineSeconds: round1(b.seconds), validationSeconds: round1(c.seconds), drillDownSeconds: round1(d.seconds), ratio: ratio(b.seconds / c.seconds), drillDownRatio: ratio(d.seconds / c.seconds), globalChecks: c.steps });
    }
    const validationRate = checked / median(clean);
    print({
      docs, collections, tenants, rounds, checked, parsed,
      validation: { medianSeconds: round1(median(clean)), rowsPerSecond: Math.round(validationRate), seconds: clean.map(round1) },
      baseline: { what: 'readline + JSON.parse of each final line of every legacy file', medianSeconds: round1(median(base)), rowsPerSecond: Math.round(parsed / median(base)), seconds: base.map(round1) },
      ratio: ratio(median(base) / median(clean)),
      targetRatio: 0.7,
      targetRowsPerSecond: 50_000,
      drillDown: { changed, medianSeconds: round1(median(drill)), seconds: drill.map(round1), ratioToClean: ratio(median(drill) / median(clean)), targetRatioToClean: 1.2 },
      peakRssMb: Math.round(peakRss / 1024 / 1024),
      targetPeakRssMb: 512,
    });
  } finally {
    await bench.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
