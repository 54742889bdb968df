import type { Migration } from '../../migrator/types';

const ACTIVE = `('queued', 'running', 'pausing', 'paused', 'rolling_back')`;

/**
 * Migration runs and their bookkeeping (shared tables in `ferry`). The database enforces one active run:
 * a partial unique index over the active states, so concurrent starts cannot create two.
 */
export const migration: Migration = {
  id: '0003_migration_runs',
  name: 'Migration runs, collections, events, samples, quarantine',
  up: async (db) => {
    await db.query(`CREATE TABLE ferry.migration_runs (
      id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
      state        text        NOT NULL CHECK (state IN ('queued', 'running', 'pausing', 'paused', 'completed', 'failed', 'rolling_back', 'rolled_back')),
      step         text        NOT NULL DEFAULT 'queued',
      legacy_dir   text        NOT NULL,
      settings     jsonb       NOT NULL,
      created_by   text        NOT NULL,
      created_at   timestamptz NOT NULL DEFAULT now(),
      started_at   timestamptz,
      updated_at   timestamptz NOT NULL DEFAULT now(),
      finished_at  timestamptz,
      error        text
    )`);
    await db.query(`CREATE UNIQUE INDEX migration_runs_one_active ON ferry.migration_runs ((true)) WHERE state IN ${ACTIVE}`);
    await db.query(`CREATE INDEX migration_runs_created ON ferry.migration_runs (created_at DESC)`);
    await db.query(`CREATE TABLE ferry.run_collections (
      run_id      uuid        NOT NULL REFERENCES ferry.migration_runs (id) ON DELETE CASCADE,
      collection  text        NOT NULL,
      position    integer     NOT NULL,
      file        text        NOT NULL,
      category    text        NOT NULL CHECK (category IN ('admin', 'application')),
      target      text        NOT NULL,
      mapping     jsonb       NOT NULL,
      fingerprint jsonb       NOT NULL,
      depends_on  text[]      NOT NULL DEFAULT '{}',
      state       text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'paused', 'completed', 'failed')),
      stats       jsonb,
      final_lines bytea,
      total       bigint      NOT NULL,
      is_estimate boolean     NOT NULL DEFAULT false,
      processed   bigint      NOT NULL DEFAULT 0,
      migrated    bigint      NOT NULL DEFAULT 0,
      quarantined bigint      NOT NULL DEFAULT 0,
      queued_at   timestamptz,
      started_at  timestamptz,
      finished_at timestamptz,
      error       text,
      PRIMARY KEY (run_id, collection)
    )`);
    await db.query(`CREATE TABLE ferry.run_events (
      id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      run_id     uuid        NOT NULL REFERENCES ferry.migration_runs (id) ON DELETE CASCADE,
      at         timestamptz NOT NULL DEFAULT now(),
      level      text        NOT NULL CHECK (level IN ('info', 'warn', 'error')),
      message    text        NOT NULL,
      collection text,
      details    jsonb       NOT NULL DEFAULT '{}'::jsonb
    )`);
    await db.query(`CREATE INDEX run_events_run ON ferry.run_events (run_id, id)`);
    await db.query(`CREATE TABLE ferry.run_samples (
      run_id    uuid        NOT NULL REFERENCES ferry.migration_runs (id) ON DELETE CASCADE,
      at        timestamptz NOT NULL DEFAULT clock_timestamp(),
      processed bigint      NOT NULL,
      PRIMARY KEY (run_id, at)
    )`);
    await db.query(`CREATE TABLE ferry.quarantine (
      run_id     uuid        NOT NULL REFERENCES ferry.migration_runs (id) ON DELETE CASCADE,
      collection text        NOT NULL,
      line       integer     NOT NULL,
      file       text        NOT NULL,
      legacy_id  text,
      tenant_key text,
      reason     text        NOT NULL,
      document   text        NOT NULL,
      at         timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (run_id, collection, line)
    )`);
    await db.query(`CREATE TABLE ferry.shared_checkpoints (
      run_id     uuid    NOT NULL REFERENCES ferry.migration_runs (id) ON DELETE CASCADE,
      collection text    NOT NULL,
      stream     text    NOT NULL CHECK (stream IN ('admin', 'quarantine')),
      line       integer NOT NULL,
      rows       bigint  NOT NULL,
      PRIMARY KEY (run_id, collection, stream)
    )`);
    await db.query(`CREATE TABLE ferry.settings (
      key        text        PRIMARY KEY,
      value      jsonb       NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by text        NOT NULL
    )`);
  },
  down: async (db) => {
    for (const table of ['settings', 'shared_checkpoints', 'quarantine', 'run_samples', 'run_events', 'run_collections', 'migration_runs']) {
      await db.query(`DROP TABLE ferry.${table}`);
    }
  },
};
