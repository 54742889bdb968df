import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectSet } from '../migrator/inspect';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { consoleMigrations, ensureConsoleSchema } from './console-migrations';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

describe('ensureConsoleSchema', () => {
  it('creates Ferry’s tables once, and concurrent starts wait for each other instead of failing', async () => {
    const results = await Promise.all([ensureConsoleSchema(t.db), ensureConsoleSchema(t.db), ensureConsoleSchema(t.db)]);
    const appliedSteps = results.flatMap((r) => r.steps).filter((s) => s.ok);
    const ids = consoleMigrations.migrations.map((m) => m.id);
    expect(appliedSteps.map((s) => s.id).sort()).toEqual([...ids].sort()); // each applied exactly once
    const { rows } = await t.db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'ferry' ORDER BY 1`);
    expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['api_tokens', 'audit_log', 'console_users', 'login_failures', 'migration_locks', 'migration_runs', 'quarantine', 'run_collections', 'run_events', 'run_samples', 'schema_ledger', 'settings', 'shared_checkpoints', 'workers']));
    const client = await t.db.connect();
    const inspection = await inspectSet(client, consoleMigrations);
    client.release();
    expect(inspection.pending).toEqual([]);
    expect(inspection.problems).toEqual([]);
    expect(inspection.applied.map((a) => a.appliedBy)).toEqual(ids.map(() => 'ferry'));
  });
});
