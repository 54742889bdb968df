import type { Migration } from '../../migrator/types';
import { quoteLiteral } from '../../db/sql';
import { SNAPSHOT_STATES } from '../../../shared/contracts/snapshots';
import { ROLLBACK_STATES } from '../../../shared/contracts/rollback';

const list = (states: readonly string[]) => `(${states.map(quoteLiteral).join(', ')})`;

/**
 * Rollback snapshots and rollbacks (issue 7). The files of a snapshot live in SNAPSHOT_DIR; this row is
 * its summary and state (the encrypted manifest on disk is what a restore trusts). One rollback runs at a
 * time: a partial unique index over running rollbacks. (A tenant rollback's tenant is `scope_tenant_id`: a
 * column named `tenant_id` would make Nile treat the table as tenant-aware.) Shared checkpoints learn the transaction ids of the
 * batches that wrote them (a run row whose xmin is not among them was changed after the run wrote it).
 */
export const migration: Migration = {
  id: '0006_snapshots_rollbacks',
  name: 'Rollback snapshots, rollbacks, batch transaction ids of shared checkpoints',
  up: async (db) => {
    await db.query(`CREATE TABLE ferry.snapshots (
      id                 uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
      state              text        NOT NULL DEFAULT 'creating' CHECK (state IN ${list(SNAPSHOT_STATES)}),
      created_at         timestamptz NOT NULL DEFAULT now(),
      created_by         text        NOT NULL,
      started_at         timestamptz,
      finished_at        timestamptz,
      queued_at          timestamptz NOT NULL DEFAULT now(),
      attempts           integer     NOT NULL DEFAULT 0,
      legacy_dir         text        NOT NULL,
      scope_tables       text[]      NOT NULL,
      protects_run_id    uuid        REFERENCES ferry.migration_runs (id) ON DELETE SET NULL,
      generation         bigint,
      schema_fingerprint text,
      key_id             text,
      bytes              bigint      NOT NULL DEFAULT 0,
      manifest_bytes     bigint,
      tables             jsonb       NOT NULL DEFAULT '[]'::jsonb,
      progress           jsonb       NOT NULL DEFAULT '{}'::jsonb,
      error              text
    )`);
    await db.query(`CREATE INDEX snapshots_created ON ferry.snapshots (created_at DESC)`);
    await db.query(`CREATE INDEX snapshots_protects ON ferry.snapshots (protects_run_id)`);
    await db.query(`CREATE TABLE ferry.rollbacks (
      id                uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
      run_id            uuid        NOT NULL REFERENCES ferry.migration_runs (id) ON DELETE CASCADE,
      snapshot_id       uuid        REFERENCES ferry.snapshots (id) ON DELETE SET NULL,
      scope_tenant_id   uuid,
      scope_tenant_key  text,
      state             text        NOT NULL DEFAULT 'running' CHECK (state IN ${list(ROLLBACK_STATES)}),
      step              text        NOT NULL DEFAULT 'queued',
      accept_loss       boolean     NOT NULL DEFAULT false,
      requested_by      text        NOT NULL,
      started_at        timestamptz NOT NULL DEFAULT now(),
      queued_at         timestamptz NOT NULL DEFAULT now(),
      finished_at       timestamptz,
      run_tenants       uuid[],
      tenants_done      uuid[]      NOT NULL DEFAULT '{}',
      tenants_total     integer     NOT NULL DEFAULT 0,
      removed_rows      bigint      NOT NULL DEFAULT 0,
      restored_rows     bigint      NOT NULL DEFAULT 0,
      tables            jsonb       NOT NULL DEFAULT '{}'::jsonb,
      kept_tenants      jsonb       NOT NULL DEFAULT '[]'::jsonb,
      losses            jsonb,
      loss_export       text,
      verified          boolean,
      generation_after  bigint,
      error             text,
      CHECK ((scope_tenant_id IS NULL) = (scope_tenant_key IS NULL))
    )`);
    await db.query(`CREATE UNIQUE INDEX rollbacks_one_running ON ferry.rollbacks ((true)) WHERE state = 'running'`);
    await db.query(`CREATE INDEX rollbacks_run ON ferry.rollbacks (run_id, started_at DESC)`);
    await db.query(`ALTER TABLE ferry.shared_checkpoints ADD COLUMN xids xid[] NOT NULL DEFAULT '{}'`);
  },
  down: async (db) => {
    await db.query(`ALTER TABLE ferry.shared_checkpoints DROP COLUMN xids`);
    await db.query(`DROP TABLE ferry.rollbacks`);
    await db.query(`DROP TABLE ferry.snapshots`);
  },
};
