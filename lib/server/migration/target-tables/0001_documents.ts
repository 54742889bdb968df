import type { Migration } from '../../migrator/types';

/**
 * The zero-config destination (seed 004's two-database architecture, in Nile): admin collections in the
 * shared `admin_documents`, everything else in the tenant table `app_documents`, each row tagged with its
 * collection. `data` is the legacy document exactly as NeDB stored it (dates as {"$$date": ms}), so the
 * move is lossless. `ferry_checkpoints` is tenant-aware on purpose: a batch's rows and its checkpoint are
 * written in one single-tenant transaction, as Nile requires.
 */
export const migration: Migration = {
  id: '0001_documents',
  name: 'Document tables and checkpoints',
  up: async (db) => {
    await db.query(`CREATE TABLE admin_documents (
      id         uuid        PRIMARY KEY,
      collection text        NOT NULL,
      legacy_id  text        NOT NULL,
      data       jsonb       NOT NULL,
      run_id     uuid        NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (collection, legacy_id)
    )`);
    await db.query(`CREATE TABLE app_documents (
      tenant_id  uuid        NOT NULL REFERENCES tenants (id),
      id         uuid        NOT NULL,
      collection text        NOT NULL,
      legacy_id  text        NOT NULL,
      data       jsonb       NOT NULL,
      run_id     uuid        NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`);
    await db.query(`CREATE INDEX app_documents_collection ON app_documents (tenant_id, collection)`);
    await db.query(`CREATE TABLE ferry_checkpoints (
      tenant_id  uuid    NOT NULL REFERENCES tenants (id),
      run_id     uuid    NOT NULL,
      collection text    NOT NULL,
      line       integer NOT NULL,
      rows       bigint  NOT NULL,
      PRIMARY KEY (tenant_id, run_id, collection)
    )`);
  },
  down: async (db) => {
    await db.query(`DROP TABLE ferry_checkpoints`);
    await db.query(`DROP TABLE app_documents`);
    await db.query(`DROP TABLE admin_documents`);
  },
};
