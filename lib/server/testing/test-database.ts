import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createPool } from '../db/pool';
import { prepareDatabase } from '../db/prepare-database';
import { quoteIdent } from '../db/sql';

export type TestDatabase = {
  name: string;
  /** Pool of the ordinary application role: row-level security applies, as in production. */
  db: pg.Pool;
  /** Pool of the superuser, for assertions that must see past isolation. */
  superDb: pg.Pool;
  appUrl: string;
  superUrl: string;
  drop(): Promise<void>;
};

/**
 * A fresh database in the run's embedded cluster, prepared like Ferry's own (app role, Nile emulation).
 * Call in `beforeAll`, and `drop()` in `afterAll`.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const cluster = inject('testCluster');
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  const prepared = await prepareDatabase({
    host: '127.0.0.1', port: cluster.port, superUser: cluster.superUser, superPassword: cluster.superPassword,
    database: name, appRole: cluster.appRole, appPassword: cluster.appPassword, ensureRole: false,
  });
  const db = createPool(prepared.appUrl, 8);
  const superDb = createPool(prepared.superUrl, 4);
  return {
    name, db, superDb, appUrl: prepared.appUrl, superUrl: prepared.superUrl,
    drop: async () => {
      await db.end();
      await superDb.end();
      const admin = new pg.Client({ host: '127.0.0.1', port: cluster.port, user: cluster.superUser, password: cluster.superPassword, database: 'postgres' });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      await admin.end();
    },
  };
}
