import type { Migration } from '../../migrator/types';

/**
 * What a rollback needs to know about the rows a run wrote (issue 7): each tenant checkpoint keeps the
 * transaction ids of the batches that advanced it (a row of the run whose `xmin` is not among them was
 * changed by someone after the run wrote it) and the tenant's legacy key (a tenant is rolled back by its
 * key). Both are written in the batch's own single-tenant transaction.
 */
export const migration: Migration = {
  id: '0002_checkpoint_xids',
  name: 'Checkpoint transaction ids and tenant keys',
  up: async (db) => {
    await db.query(`ALTER TABLE ferry_checkpoints ADD COLUMN xids xid[] NOT NULL DEFAULT '{}', ADD COLUMN tenant_key text`);
  },
  down: async (db) => {
    await db.query(`ALTER TABLE ferry_checkpoints DROP COLUMN xids, DROP COLUMN tenant_key`);
  },
};
