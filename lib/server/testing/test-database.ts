import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { registerOwnerPool } from '../db/owner-pool';
import { createPool } from '../db/pool';
import { prepareDatabase } from '../db/prepare-database';
import { quoteIdent } from '../db/sql';

export type TestDatabase = {
  name: string;
  /** Pool of the ordinary runtime role: row-level security applies and it owns nothing, as in production. */
  db: pg.Pool;
  /** Pool of the owner role (DDL): what migrations use; registered as `db`'s owner pool. */
  ownerDb: pg.Pool;
  /** Pool of the superuser, for assertions that must see past isolation. */
  superDb: pg.Pool;
  appUrl: string;
  ownerUrl: string;
  superUrl: string;
  drop(): Promise<void>;
};

/**
 * A fresh database in the run's embedded cluster, prepared like Ferry's own (runtime and owner roles,
 * Nile emulation) and always in the emulation's strict mode, so a transaction Nile would refuse fails
 * here. Call in `beforeAll`, and `drop()` in `afterAll`.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const cluster = inject('testCluster');
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  const prepared = await prepareDatabase({
    host: '127.0.0.1', port: cluster.port, superUser: cluster.superUser, superPassword: cluster.superPassword,
    database: name, appRole: cluster.appRole, appPassword: cluster.appPassword, ownerRole: cluster.ownerRole, ownerPassword: cluster.ownerPassword,
    ensureRole: false, strict: true,
  });
  const db = createPool(prepared.appUrl, 8);
  const ownerDb = createPool(prepared.ownerUrl, 4);
  const superDb = createPool(prepared.superUrl, 4);
  registerOwnerPool(db, ownerDb);
  return {
    name, db, ownerDb, superDb, appUrl: prepared.appUrl, ownerUrl: prepared.ownerUrl, superUrl: prepared.superUrl,
    drop: async () => {
      await db.end();
      await ownerDb.end();
      await superDb.end();
      const admin = new pg.Client({ host: '127.0.0.1', port: cluster.port, user: cluster.superUser, password: cluster.superPassword, database: 'postgres' });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      await admin.end();
    },
  };
}
