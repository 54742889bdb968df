import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleSchema } from '../console-db/console-migrations';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { bootstrapAdmin, GENERATED_ADMIN_EMAIL } from './bootstrap-admin';
import { createUser } from './users/create-user';
import { listUsers } from './users/list-users';
import { updateUser } from './users/update-user';
import { verifyCredentials } from './users/verify-credentials';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await ensureConsoleSchema(t.db);
});
afterAll(async () => t.drop());

describe('console users', () => {
  it('bootstraps exactly one generated Level-1 admin, even when two processes start together', async () => {
    const results = await Promise.all([bootstrapAdmin(t.db, {}), bootstrapAdmin(t.db, {})]);
    const created = results.filter((r) => r.created);
    expect(created).toHaveLength(1);
    const first = created[0] as { email: string; generatedPassword: string };
    expect(first.email).toBe(GENERATED_ADMIN_EMAIL);
    expect(first.generatedPassword).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(await bootstrapAdmin(t.db, {})).toEqual({ created: false });
    const check = await verifyCredentials(t.db, GENERATED_ADMIN_EMAIL, first.generatedPassword);
    expect(check.ok && check.user.level).toBe(1);
  });

  it('stores a bcrypt hash, never the password, and treats emails case-insensitively', async () => {
    const user = await createUser(t.db, { email: 'Ops@Example.com', name: 'Ops', level: 2, password: 'correct horse battery' });
    expect(user.email).toBe('ops@example.com');
    const { rows } = await t.superDb.query(`SELECT password_hash FROM ferry.console_users WHERE id = $1`, [user.id]);
    expect(rows[0].password_hash).toMatch(/^\$2[aby]\$12\$/);
    expect(rows[0].password_hash).not.toContain('correct horse');
    await expect(createUser(t.db, { email: 'OPS@example.com', name: 'Again', level: 3, password: 'another long password' })).rejects.toMatchObject({ code: 'conflict' });
    expect((await verifyCredentials(t.db, ' OPS@EXAMPLE.COM ', 'correct horse battery')).ok).toBe(true);
  });

  it('reports every invalid field at once', async () => {
    await expect(createUser(t.db, { email: 'nope', name: '', level: 9 as 1, password: 'short' })).rejects.toMatchObject({
      code: 'bad_request',
      details: expect.arrayContaining([expect.objectContaining({ path: 'email' }), expect.objectContaining({ path: 'level' }), expect.objectContaining({ path: 'password' })]),
    });
  });

  it('refuses wrong passwords, unknown emails and disabled users', async () => {
    const user = await createUser(t.db, { email: 'viewer@example.com', name: 'Viewer', level: 3, password: 'viewer password 1' });
    expect(await verifyCredentials(t.db, 'viewer@example.com', 'wrong password!!')).toEqual({ ok: false, reason: 'wrong_password' });
    expect(await verifyCredentials(t.db, 'ghost@example.com', 'viewer password 1')).toEqual({ ok: false, reason: 'unknown_email' });
    await updateUser(t.db, user.id, { disabled: true });
    expect(await verifyCredentials(t.db, 'viewer@example.com', 'viewer password 1')).toEqual({ ok: false, reason: 'disabled' });
  });

  it('never leaves Ferry without an enabled Level-1 admin, even under concurrent demotions', async () => {
    const second = await createUser(t.db, { email: 'second-admin@example.com', name: 'Second', level: 1, password: 'second admin password' });
    const admins = (await listUsers(t.db)).filter((u) => u.level === 1 && !u.disabled);
    expect(admins).toHaveLength(2);
    const outcomes = await Promise.allSettled(admins.map((a) => updateUser(t.db, a.id, { level: 2 })));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'conflict' });
    expect((await listUsers(t.db)).filter((u) => u.level === 1 && !u.disabled)).toHaveLength(1);
    await expect(updateUser(t.db, 'not-a-uuid', { level: 1 })).rejects.toMatchObject({ code: 'not_found' });
    await expect(updateUser(t.db, second.id, {})).rejects.toMatchObject({ code: 'bad_request' });
  });
});
