/**
 * `npm run bench:rollback [-- --docs 1000000 --collections 20 --tenants 50 --preexisting 1000000]`
 *
 * Times what a rollback costs against the load it undoes, in the same run (same machine, same data):
 *  1. empty target: snapshot, migrate N documents (the load time), roll the whole run back
 *     (target: rollback ≤ 0.3 × load);
 *  2. the same with `--preexisting` rows another application wrote in the snapshotted tables: snapshot
 *     and its restore rehearsal, migrate, roll one tenant back, then the whole run
 *     (targets: snapshot ≤ 0.5 × load, rollback ≤ 1.0 × load; one tenant's share of the time close to
 *     its share of the rows).
 * After each load the database is let settle (VACUUM ANALYZE and a CHECKPOINT, untimed), as it has by
 * the time someone rolls a run back: otherwise the first reader after a bulk load pays autovacuum's and
 * the hint bits' work. Peak RSS of the process over everything (target < 512 MB). Prints JSON lines; the
 * last is the summary.
 */
import { poolSizeFor } from '../server/db/pool';
import { stopQueue } from '../server/jobs/job-queue';
import { startWorker } from '../server/jobs/worker';
import { tenantUuid } from '../server/mapping/ids';
import { requestRollback } from '../server/rollback/request-rollback';
import { getRollback } from '../server/rollback/list-rollbacks';
import { startMigration } from '../server/migration/runs/start-migration';
import { createSnapshot } from '../server/snapshot/create-snapshot';
import type pg from 'pg';
import { benchSource, generateBenchStore, openBenchDatabase, option, printer, ratio, round1, settleValidation, waitForSnapshot } from './bench-kit';

const docs = option('docs', 1_000_000);
const collections = option('collections', 20);
const tenants = option('tenants', 50);
const preexisting = option('preexisting', docs);
const batchSize = option('batch', Number(process.env.FERRY_BATCH_SIZE ?? 2000));
const concurrency = option('concurrency', Number(process.env.FERRY_WORKER_CONCURRENCY ?? 3));
const print = printer('rollback');
const seconds = (since: number) => (performance.now() - since) / 1000;

async function migrate(db: pg.Pool, legacyDir: string): Promise<number> {
  const started = performance.now();
  const { runId } = await startMigration({ db, actor: 'bench', source: benchSource(legacyDir) });
  for (;;) {
    const { rows } = await db.query<{ state: string; error: string | null }>(`SELECT state, error FROM ferry.migration_runs WHERE id = $1`, [runId]);
    if (rows[0]?.state === 'completed') {
      const took = seconds(started);
      await settleValidation(db, runId);
      return took;
    }
    if (rows[0]?.state === 'failed') throw new Error(`run failed: ${rows[0].error}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Lets the database finish what a bulk load leaves behind (untimed). */
async function settle(admin: pg.Client): Promise<void> {
  await admin.query('VACUUM ANALYZE');
  await admin.query('CHECKPOINT');
}

async function rollBack(db: pg.Pool, tenant?: string): Promise<{ seconds: number; removed: number }> {
  const started = performance.now();
  const decision = await requestRollback(db, 'bench', tenant ? { tenant } : {});
  for (;;) {
    const view = await getRollback(db, decision.body.rollbackId);
    if (view.state === 'completed') return { seconds: seconds(started), removed: view.removedRows };
    if (view.state === 'failed') throw new Error(`rollback failed: ${view.error}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function snapshot(db: pg.Pool, legacyDir: string): Promise<{ writeSeconds: number; rehearsalSeconds: number }> {
  const started = performance.now();
  const { snapshotId } = await createSnapshot(db, { actor: 'bench', source: benchSource(legacyDir) });
  return waitForSnapshot(db, snapshotId, started);
}

/** Rows another application wrote before the migration: documents of other collections with a run id Ferry does not know, spread over the same tenants. */
async function insertPreexisting(admin: pg.Client): Promise<void> {
  const ids = Array.from({ length: tenants }, (_, i) => tenantUuid(`tenant_${String(i).padStart(3, '0')}`));
  await admin.query(`INSERT INTO tenants (id, name) SELECT id, 'pre-existing ' || ordinality FROM unnest($1::uuid[]) WITH ORDINALITY id ON CONFLICT DO NOTHING`, [ids]);
  await admin.query(
    `INSERT INTO app_documents (tenant_id, id, collection, legacy_id, data, run_id)
     SELECT ($1::uuid[])[1 + g % $2], gen_random_uuid(), 'other-app-' || (g % 7), 'x' || g,
            jsonb_build_object('_id', 'x' || g, 'n', g, 'name', 'written by another application', 'text', repeat('lorem ipsum dolor ', 20), 'createdAt', jsonb_build_object('$$date', 1700000000000 + g)),
            '00000000-0000-4000-8000-00000000beef'
       FROM generate_series(1, $3) g`,
    [ids, tenants, preexisting],
  );
  await admin.query('VACUUM ANALYZE');
  await admin.query('CHECKPOINT');
}

async function main(): Promise<void> {
  const legacyDir = await generateBenchStore({ docs, collections, tenants }, print);
  const bench = await openBenchDatabase(poolSizeFor(concurrency));
  const worker = await startWorker(bench.db, { batchSize, concurrency: { collection: concurrency } });
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const { db, admin } = bench;
    // 1. A first migration into empty tables, rolled back.
    const emptySnapshot = await snapshot(db, legacyDir);
    const loadEmpty = await migrate(db, legacyDir);
    await settle(admin);
    const rollbackEmpty = await rollBack(db);
    print({ step: 'empty target', loadSeconds: round1(loadEmpty), snapshotSeconds: round1(emptySnapshot.writeSeconds + emptySnapshot.rehearsalSeconds), rollbackSeconds: round1(rollbackEmpty.seconds), rowsRemoved: rollbackEmpty.removed, ratio: ratio(rollbackEmpty.seconds / loadEmpty) });

    // 2. The same tables holding rows of another application.
    await insertPreexisting(admin);
    const taken = await snapshot(db, legacyDir);
    print({ step: 'snapshot of pre-existing rows', rows: preexisting, writeSeconds: round1(taken.writeSeconds), rehearsalSeconds: round1(taken.rehearsalSeconds) });
    const load = await migrate(db, legacyDir);
    await settle(admin);
    const key = 'tenant_007';
    const oneTenant = await rollBack(db, key);
    await settle(admin);
    const whole = await rollBack(db);
    const remaining = Number((await admin.query(`SELECT count(*) AS n FROM app_documents`)).rows[0].n);
    if (remaining !== preexisting) throw new Error(`after the rollback ${remaining} rows remain, ${preexisting} were there before`);
    print({
      docs, collections, tenants, preexisting, batchSize, concurrency,
      emptyTarget: { loadSeconds: round1(loadEmpty), rollbackSeconds: round1(rollbackEmpty.seconds), ratio: ratio(rollbackEmpty.seconds / loadEmpty), targetRatio: 0.3 },
      withPreexisting: {
        loadSeconds: round1(load),
        snapshot: { seconds: round1(taken.writeSeconds), ratio: ratio(taken.writeSeconds / load), targetRatio: 0.5 },
        rehearsal: { seconds: round1(taken.rehearsalSeconds), ratio: ratio(taken.rehearsalSeconds / load) },
        rollback: { seconds: round1(whole.seconds), rowsRemoved: whole.removed, ratio: ratio(whole.seconds / load), targetRatio: 1.0 },
        oneTenant: {
          tenant: key, rowsRemoved: oneTenant.removed, shareOfTheRunsRows: ratio(oneTenant.removed / (oneTenant.removed + whole.removed)),
          seconds: round1(oneTenant.seconds), shareOfWholeRollbackTime: ratio(oneTenant.seconds / whole.seconds),
        },
      },
      peakRssMb: Math.round(peak / 1024 / 1024),
      targetPeakRssMb: 512,
    });
  } finally {
    clearInterval(sampler);
    await worker.stop();
    await stopQueue();
    await bench.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
