import type { Migration } from '../../migrator/types';
import { quoteLiteral } from '../../db/sql';
import { VALIDATION_STATES } from '../../../shared/contracts/validation';

const list = (states: readonly string[]) => `(${states.map(quoteLiteral).join(', ')})`;

/**
 * Validations (issue 8). One row per validation of a run, with its progress and, once completed, its
 * report and counts; the database lets one validation at a time run per run (a partial unique index),
 * so a second request joins the running one. Each finished step (a collection, or a global check) is
 * kept in `validation_steps` as it completes: a validation interrupted by a crash resumes after them.
 */
export const migration: Migration = {
  id: '0007_validations',
  name: 'Validations and their completed steps',
  up: async (db) => {
    await db.query(`CREATE TABLE ferry.validations (
      id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
      run_id       uuid        NOT NULL REFERENCES ferry.migration_runs (id) ON DELETE CASCADE,
      state        text        NOT NULL DEFAULT 'running' CHECK (state IN ${list(VALIDATION_STATES)}),
      trigger      text        NOT NULL CHECK (trigger IN ('manual', 'auto')),
      requested_by text        NOT NULL,
      created_at   timestamptz NOT NULL DEFAULT now(),
      started_at   timestamptz,
      updated_at   timestamptz NOT NULL DEFAULT now(),
      finished_at  timestamptz,
      attempts     integer     NOT NULL DEFAULT 0,
      step         text        NOT NULL DEFAULT 'queued',
      checked      bigint      NOT NULL DEFAULT 0,
      total        bigint      NOT NULL DEFAULT 0,
      critical     integer,
      warnings     integer,
      info         integer,
      report       jsonb,
      error        text
    )`);
    await db.query(`CREATE UNIQUE INDEX validations_one_running ON ferry.validations (run_id) WHERE state = 'running'`);
    await db.query(`CREATE INDEX validations_created ON ferry.validations (created_at DESC)`);
    await db.query(`CREATE INDEX validations_run ON ferry.validations (run_id, created_at DESC)`);
    await db.query(`CREATE TABLE ferry.validation_steps (
      validation_id uuid        NOT NULL REFERENCES ferry.validations (id) ON DELETE CASCADE,
      step          text        NOT NULL,
      position      integer     NOT NULL,
      checked       bigint      NOT NULL DEFAULT 0,
      results       jsonb       NOT NULL DEFAULT '[]'::jsonb,
      facts         jsonb       NOT NULL DEFAULT '{}'::jsonb,
      seconds       real        NOT NULL DEFAULT 0,
      finished_at   timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (validation_id, step)
    )`);
  },
  down: async (db) => {
    await db.query(`DROP TABLE ferry.validation_steps`);
    await db.query(`DROP TABLE ferry.validations`);
  },
};
