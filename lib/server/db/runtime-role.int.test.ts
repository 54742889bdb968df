import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareTarget } from '../migration/testing/migration-fixture';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await prepareTarget(t.db); // Ferry's tables, the document tables and the PenguinMails schema, as the owner role
});
afterAll(async () => t.drop());

describe('the runtime role cannot change the isolation it relies on', () => {
  it('owns no table, and may read and write rows', async () => {
    const role = (await t.db.query<{ u: string }>('SELECT current_user AS u')).rows[0]?.u;
    const { rows } = await t.superDb.query(`SELECT count(*)::int AS n FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = $1`, [role]);
    expect(rows[0].n).toBe(0);
    await t.db.query(`SELECT count(*) FROM app_documents`);
    await t.db.query(`INSERT INTO ferry.settings (key, value, updated_by) VALUES ('probe', '1', 'test')`);
  });

  it.each([
    ['disable row-level security', `ALTER TABLE app_documents DISABLE ROW LEVEL SECURITY`],
    ['stop forcing it on the owner', `ALTER TABLE leads NO FORCE ROW LEVEL SECURITY`],
    ['drop the isolation policy', `DROP POLICY nile_tenant_isolation ON app_documents`],
    ['replace the policy with a permissive one', `CREATE POLICY open ON app_documents USING (true)`],
    ['drop a tenant table', `DROP TABLE companies CASCADE`],
    ['create a table of its own', `CREATE TABLE mine (id int)`],
    ['truncate every tenant at once', `TRUNCATE app_documents`],
  ])('refuses to %s', async (_, sql) => {
    await expect(t.db.query(sql)).rejects.toMatchObject({ code: '42501' });
    const { rows } = await t.superDb.query(`SELECT relrowsecurity AND relforcerowsecurity AS on FROM pg_class WHERE oid = 'app_documents'::regclass`);
    expect(rows[0].on).toBe(true);
  });
});
