import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureConsoleSchema } from '../console-db/console-migrations';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { getAdapterConfig } from './adapter-config';
import { checkPromotion } from './check-promotion';
import { setAdapterMode } from './set-adapter-mode';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await ensureConsoleSchema(t.db);
});
afterAll(async () => t.drop());
beforeEach(async () => {
  await t.db.query(`DELETE FROM ferry.adapter_counters`);
  await setAdapterMode(t.db, { mode: 'legacy' }, 'test');
});

describe('switching the adapter mode', () => {
  it('starts in legacy, switches to hybrid and back, and keeps the options', async () => {
    expect(await getAdapterConfig(t.db)).toEqual({ mode: 'legacy', preferNew: true, fallbackEnabled: true });
    expect(await setAdapterMode(t.db, { mode: 'hybrid', fallbackEnabled: false }, 'test')).toEqual({ mode: 'hybrid', preferNew: true, fallbackEnabled: false });
    expect(await getAdapterConfig(t.db)).toEqual({ mode: 'hybrid', preferNew: true, fallbackEnabled: false });
    const stored = await t.db.query(`SELECT value #>> '{}' AS mode, updated_by FROM ferry.settings WHERE key = 'adapter_mode'`);
    expect(stored.rows[0]).toEqual({ mode: 'hybrid', updated_by: 'test' });
    expect((await setAdapterMode(t.db, { mode: 'legacy' }, 'test')).mode).toBe('legacy');
  });

  it('refuses promotion to new while no validation exists, and says so', async () => {
    const refusal = await setAdapterMode(t.db, { mode: 'new' }, 'test').catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: 'conflict', details: { reasons: [expect.stringContaining('No validation has run yet')] } });
    expect((await getAdapterConfig(t.db)).mode).toBe('legacy');
  });

  it('refuses promotion while shadow reads disagree above the threshold (beyond their noise), and lets a lower rate pass that check', async () => {
    await t.db.query(`INSERT INTO ferry.adapter_counters (collection, metric, value) VALUES ('leads', 'shadow.compared', 200), ('leads', 'shadow.mismatched', 5), ('leads', 'noise.compared', 100)`);
    const high = await checkPromotion(t.db, 0.01);
    expect(high.allowed).toBe(false);
    expect(high.reasons).toEqual(expect.arrayContaining([expect.stringMatching(/disagree on 2\.5% .* above the 1% threshold/)]));
    const tolerant = await checkPromotion(t.db, 0.05);
    expect(tolerant.reasons.some((r) => r.includes('disagree'))).toBe(false);
    // Noise raises the bar: the same mismatches within the noise level are not the migration's fault.
    await t.db.query(`UPDATE ferry.adapter_counters SET value = 3 WHERE metric = 'shadow.mismatched'`);
    await t.db.query(`INSERT INTO ferry.adapter_counters (collection, metric, value) VALUES ('leads', 'noise.mismatched', 1)`);
    expect((await checkPromotion(t.db, 0.01)).reasons.some((r) => r.includes('disagree'))).toBe(false);
  });

  it('refuses promotion while a run is active', async () => {
    const { rows } = await t.db.query(`INSERT INTO ferry.migration_runs (state, legacy_dir, settings, created_by) VALUES ('running', '/x', '{}', 'test') RETURNING id`);
    try {
      expect((await checkPromotion(t.db)).reasons).toEqual(expect.arrayContaining(['A migration run is running: wait until it finishes.']));
    } finally {
      await t.db.query(`DELETE FROM ferry.migration_runs WHERE id = $1`, [rows[0].id]);
    }
  });

  it('entering hybrid starts a new observation period', async () => {
    await t.db.query(`INSERT INTO ferry.adapter_counters (collection, metric, value) VALUES ('leads', 'reads.new', 7)`);
    await setAdapterMode(t.db, { mode: 'hybrid' }, 'test');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM ferry.adapter_counters`)).rows[0].n).toBe(0);
  });
});
