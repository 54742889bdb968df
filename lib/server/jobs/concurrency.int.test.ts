import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { readAdapterConfig } from '../adapter/adapter-config';
import { setAdapterMode } from '../adapter/set-adapter-mode';
import { errorResponse } from '../http/responses';
import { startMigration } from '../migration/runs/start-migration';
import { demoTestBed } from '../migration/testing/demo-test-bed';
import { demoMappingSource, waitForRun } from '../migration/testing/migration-fixture';
import { requestRollback } from '../rollback/request-rollback';
import { waitForRollback } from '../rollback/testing/rollback-fixture';
import { requestValidation } from '../validation/request-validation';
import { waitForAutoValidation, waitForValidation } from '../validation/testing/validation-fixture';

// Fifty callers at once against each operation that changes state, through the services the route
// handlers wrap, on a pool the size of a server's: exactly one effect each, every other caller told so
// (the status its route would answer), nothing answered 5xx, nothing waits forever.
const N = 50;
const bed = demoTestBed('ferry-concurrency-');
const silent = pino({ level: 'silent' });

type Outcome<T> = { status: number; value?: T; code?: string };

/** Runs `call` N times at once; each outcome is the HTTP status its route would answer (errors through the route's own mapping). */
async function all<T>(call: (i: number) => Promise<T>, ok = 200): Promise<Outcome<T>[]> {
  const settled = await Promise.allSettled(Array.from({ length: N }, (_, i) => call(i)));
  return Promise.all(settled.map(async (s) => {
    if (s.status === 'fulfilled') return { status: ok, value: s.value };
    const response = errorResponse(s.reason, silent);
    return { status: response.status, code: ((await response.json()) as { error: { code: string } }).error.code };
  }));
}

const statuses = (outcomes: Outcome<unknown>[]) => outcomes.reduce<Record<number, number>>((acc, o) => ({ ...acc, [o.status]: (acc[o.status] ?? 0) + 1 }), {});

/** Counts the statements run through the pool whose text matches `pattern` (the statements still run). */
function countStatements(pattern: RegExp): { count: () => number; stop: () => void } {
  const original = bed.t.db.query;
  let count = 0;
  bed.t.db.query = function (this: unknown, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
    if (text && pattern.test(text)) count += 1;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  return { count: () => count, stop: () => void (bed.t.db.query = original) };
}

describe(`${N} concurrent callers`, { timeout: 240_000 }, () => {
  let runId = '';

  it(`${N} starts: one run starts (202), the others are told it is in progress (409)`, async () => {
    const outcomes = await all(() => startMigration({ db: bed.t.db, actor: 'test', source: demoMappingSource(bed.legacyDir) }), 202);
    expect(statuses(outcomes)).toEqual({ 202: 1, 409: N - 1 });
    expect(new Set(outcomes.filter((o) => o.status === 409).map((o) => o.code))).toEqual(new Set(['conflict']));
    const runs = (await bed.t.db.query<{ id: string }>(`SELECT id FROM ferry.migration_runs`)).rows;
    expect(runs).toHaveLength(1);
    runId = runs[0]?.id as string;
    expect(outcomes.find((o) => o.status === 202)?.value?.runId).toBe(runId);
    const done = await waitForRun(bed.t.db, runId, ['completed', 'failed'], 180_000);
    expect(done.state).toBe('completed');
    expect(done.processed).toBe(done.total);
  });

  it(`${N} validations: one validation runs, every caller gets its id`, async () => {
    await waitForAutoValidation(bed.t.db, runId);
    const before = Number((await bed.t.db.query(`SELECT count(*) AS n FROM ferry.validations WHERE run_id = $1`, [runId])).rows[0].n);
    const outcomes = await all(() => requestValidation(bed.t.db, { runId, actor: 'test', trigger: 'manual' }), 202);
    expect(statuses(outcomes)).toEqual({ 202: N });
    const ids = new Set(outcomes.map((o) => o.value?.validationId));
    expect(ids.size).toBe(1);
    expect(outcomes.filter((o) => o.value?.joined === false)).toHaveLength(1);
    const after = Number((await bed.t.db.query(`SELECT count(*) AS n FROM ferry.validations WHERE run_id = $1`, [runId])).rows[0].n);
    expect(after).toBe(before + 1);
    const report = await waitForValidation(bed.t.db, [...ids][0] as string);
    expect(report.overall).toBe(true);
  });

  it(`${N} mode switches: the mode is written once and the counters reset once; asking again changes nothing`, async () => {
    const writes = countStatements(/INSERT INTO ferry\.settings/);
    const resets = countStatements(/DELETE FROM ferry\.adapter_counters/);
    try {
      const outcomes = await all(() => setAdapterMode(bed.t.db, { mode: 'hybrid' }, 'test'));
      expect(statuses(outcomes)).toEqual({ 200: N });
      expect(new Set(outcomes.map((o) => o.value?.mode))).toEqual(new Set(['hybrid']));
      expect(writes.count()).toBe(1);
      expect(resets.count()).toBe(1);
      // Half ask for legacy, half for hybrid: each switch sees the one before it, so there are as many
      // writes as actual changes of mode, and the stored mode is the one the last caller was answered.
      const mixed = await all((i) => setAdapterMode(bed.t.db, { mode: i % 2 === 0 ? 'legacy' : 'hybrid' }, 'test'));
      expect(statuses(mixed)).toEqual({ 200: N });
      expect(writes.count()).toBe(1 + N); // callers of one process are served in call order: every one of them changes the mode
      expect((await readAdapterConfig(bed.t.db)).mode).toBe(N % 2 === 0 ? 'hybrid' : 'legacy');
    } finally {
      resets.stop();
      writes.stop();
    }
  });

  it(`${N} rollbacks: one rollback runs, every caller gets its id; the run is rolled back once`, async () => {
    const outcomes = await all(() => requestRollback(bed.t.db, 'test', {}));
    expect(statuses(outcomes)).toEqual({ 200: N });
    const ids = new Set(outcomes.map((o) => o.value?.body.rollbackId));
    expect(ids.size).toBe(1);
    expect(outcomes.filter((o) => o.value?.status === 202)).toHaveLength(N);
    expect(Number((await bed.t.db.query(`SELECT count(*) AS n FROM ferry.rollbacks`)).rows[0].n)).toBe(1);
    const done = await waitForRollback(bed.t.db, [...ids][0] as string, ['completed', 'failed'], 120_000);
    expect(done).toMatchObject({ state: 'completed', verified: true });
    expect((await bed.t.db.query(`SELECT state FROM ferry.migration_runs WHERE id = $1`, [runId])).rows[0].state).toBe('rolled_back');
    expect((await readAdapterConfig(bed.t.db)).mode).toBe('legacy');
  });
});
