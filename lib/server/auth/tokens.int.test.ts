import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../audit/record-audit';
import { listAudit } from '../audit/list-audit';
import { ensureConsoleSchema } from '../console-db/console-migrations';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { actorFromToken } from './actor';
import { admitLoginAttempt, clearLoginFailures, THROTTLE } from './login-throttle';
import { createToken, listTokens, revokeToken } from './tokens/manage-tokens';
import { hashToken } from './tokens/token-secret';
import { createUser } from './users/create-user';
import { updateUser } from './users/update-user';

let t: TestDatabase;
let adminId: string;
let operatorId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  await ensureConsoleSchema(t.db);
  adminId = (await createUser(t.db, { email: 'root@example.com', name: 'Root', level: 1, password: 'root password 123' })).id;
  operatorId = (await createUser(t.db, { email: 'op@example.com', name: 'Op', level: 2, password: 'operator password' })).id;
});
afterAll(async () => t.drop());

describe('API tokens', () => {
  it('stores only a hash and a prefix, and acts with the creator’s current level', async () => {
    const created = await createToken(t.db, operatorId, { name: 'script' });
    const { rows } = await t.superDb.query(`SELECT * FROM ferry.api_tokens WHERE id = $1`, [created.id]);
    expect(JSON.stringify(rows[0])).not.toContain(created.token);
    expect(rows[0].token_hash).toBe(hashToken(created.token));
    expect(created.token.startsWith(rows[0].prefix)).toBe(true);

    expect(await actorFromToken(t.db, created.token)).toMatchObject({ kind: 'token', userId: operatorId, level: 2 });
    await updateUser(t.db, operatorId, { level: 3 });
    expect(await actorFromToken(t.db, created.token)).toMatchObject({ level: 3 }); // never higher than its creator now
    await updateUser(t.db, operatorId, { disabled: true });
    expect(await actorFromToken(t.db, created.token)).toBeNull();
    await updateUser(t.db, operatorId, { disabled: false, level: 2 });
    expect((await listTokens(t.db, operatorId))[0]?.lastUsedAt).not.toBeNull();
  });

  it('revokes only the owner’s tokens; a revoked token no longer authenticates', async () => {
    const created = await createToken(t.db, operatorId, { name: 'to revoke' });
    await expect(revokeToken(t.db, created.id, adminId)).rejects.toMatchObject({ code: 'not_found' });
    const revoked = await revokeToken(t.db, created.id, operatorId);
    expect(revoked.revokedAt).not.toBeNull();
    expect(await actorFromToken(t.db, created.token)).toBeNull();
    expect(await actorFromToken(t.db, 'fry_' + 'x'.repeat(43))).toBeNull();
    expect(await actorFromToken(t.db, "'; DROP TABLE ferry.api_tokens; --")).toBeNull();
  });
});

describe('login throttling', () => {
  it('admits five attempts for one email, refuses the sixth with a retry time, and not other emails', async () => {
    for (let i = 0; i < THROTTLE.perEmail; i += 1) expect((await admitLoginAttempt(t.db, 'victim@example.com', '10.0.0.1')).allowed).toBe(true);
    const verdict = await admitLoginAttempt(t.db, 'Victim@Example.com', '10.0.0.9');
    expect(verdict).toMatchObject({ allowed: false, reason: 'email' });
    expect(verdict.allowed === false && verdict.retryAfterSeconds).toBeGreaterThan(THROTTLE.windowSeconds - 60);
    expect((await admitLoginAttempt(t.db, 'someone@example.com', '10.0.0.1')).allowed).toBe(true);
    await clearLoginFailures(t.db, 'victim@example.com');
    expect((await admitLoginAttempt(t.db, 'victim@example.com', '10.0.0.2')).allowed).toBe(true);
  });

  it('parallel attempts cannot all slip under the limit', async () => {
    const verdicts = await Promise.all(Array.from({ length: 12 }, () => admitLoginAttempt(t.db, 'burst@example.com', '10.5.5.5')));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(THROTTLE.perEmail);
  });

  it('refuses an address that tries many emails', async () => {
    for (let i = 0; i < THROTTLE.perAddress; i += 1) await admitLoginAttempt(t.db, `spray-${i}@example.com`, '10.9.9.9');
    expect(await admitLoginAttempt(t.db, 'new@example.com', '10.9.9.9')).toMatchObject({ allowed: false, reason: 'address' });
  });
});

describe('audit trail', () => {
  it('records entries without secrets and filters them', async () => {
    await recordAudit(t.db, {
      actor: { kind: 'token', userId: adminId, email: 'root@example.com', name: 'Root', level: 1 },
      action: 'user.create', target: 'user:x', outcome: 'success', status: 201, clientAddress: '127.0.0.1',
      params: { email: 'a@b.c', password: 'hunter2hunter2', nested: { apiToken: 'fry_secret', keep: 1 } },
    });
    const { entries } = await listAudit(t.db, { action: 'user.', actor: 'ROOT@example.com' });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.params).toEqual({ email: 'a@b.c', password: '[redacted]', nested: { apiToken: '[redacted]', keep: 1 } });
    expect(JSON.stringify(entries)).not.toContain('hunter2');
  });
});
