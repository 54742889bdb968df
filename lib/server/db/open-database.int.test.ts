import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { getEnv } from '../config/env';
import { openDatabase } from './open-database';
import { quoteIdent } from './sql';

const cluster = inject('testCluster');
const name = `ext_${crypto.randomBytes(5).toString('hex')}`;
const admin = () => new pg.Client({ host: '127.0.0.1', port: cluster.port, user: cluster.superUser, password: cluster.superPassword, database: 'postgres' });

afterAll(async () => {
  const client = admin();
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  await client.end();
});

describe('DATABASE_URL pointing at a plain PostgreSQL database', () => {
  it('is prepared by its owner: Nile’s built-in tables with isolation, and Ferry’s own tables', async () => {
    const client = admin();
    await client.connect();
    await client.query(`CREATE DATABASE ${quoteIdent(name)} OWNER ${quoteIdent(cluster.appRole)}`);
    await client.end();
    const url = `postgresql://${cluster.appRole}:${cluster.appPassword}@127.0.0.1:${cluster.port}/${name}`;
    const opened = await openDatabase({ env: { ...getEnv(), DATABASE_URL: url, FERRY_DATABASE_KIND: undefined } });
    try {
      expect(opened.kind).toBe('external');
      const { rows } = await opened.db.query(`SELECT to_regclass('public.tenants') IS NOT NULL AS tenants, to_regclass('users.tenant_users') IS NOT NULL AS tenant_users,
        to_regclass('ferry.console_users') IS NOT NULL AS console, (SELECT count(*)::int FROM pg_policy WHERE polname = 'nile_tenant_isolation') AS policies`);
      expect(rows[0]).toEqual({ tenants: true, tenant_users: true, console: true, policies: 1 });
      // Opening again is a no-op.
      const again = await openDatabase({ env: { ...getEnv(), DATABASE_URL: url, FERRY_DATABASE_KIND: undefined } });
      await again.close();
    } finally {
      await opened.close();
    }
  });
});
