import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleSchema } from '../console-db/console-migrations';
import { createPool, type Db } from '../db/pool';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { actorFromToken, type Actor } from './actor';
import { IdentityCache } from './identity-cache';
import { identityFromBearer, serverIdentities } from './resolve-identity';
import { createToken, revokeToken } from './tokens/manage-tokens';
import { createUser } from './users/create-user';
import { updateUser } from './users/update-user';

let t: TestDatabase;
let other: Db; // another process's connections: the CLI, a second server, someone at psql
let userId: string;
const caches: IdentityCache[] = [];
beforeAll(async () => {
  t = await createTestDatabase();
  await ensureConsoleSchema(t.db);
  other = createPool(t.appUrl, 2);
  await createUser(t.db, { email: 'root@example.com', name: 'Root', level: 1, password: 'root password 123' });
  userId = (await createUser(t.db, { email: 'op@example.com', name: 'Op', level: 2, password: 'operator password' })).id;
});
afterEach(async () => {
  await Promise.all(caches.splice(0).map((cache) => cache.close()));
});
afterAll(async () => {
  await serverIdentities().close();
  await other.end();
  await t.drop();
});

async function listeningCache(): Promise<IdentityCache> {
  const cache = new IdentityCache({ retryMs: 50 });
  caches.push(cache);
  await cache.lookup(t.db, 'warm-up', async () => null);
  await until(() => cache.listening);
  return cache;
}

async function until(condition: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A lookup through the cache that counts how often it had to read the database. */
function counted(cache: IdentityCache, token: string) {
  const reads = { count: 0 };
  const lookup = () => cache.lookup(t.db, `token:${token}`, () => {
    reads.count += 1;
    return actorFromToken(t.db, token);
  });
  return { reads, lookup };
}

describe('identity cache', () => {
  it('reads an identity once, then forgets it within a second of a revocation made by another process', async () => {
    const cache = await listeningCache();
    const { token } = await createToken(t.db, userId, { name: 'poller' });
    const { reads, lookup } = counted(cache, token);
    for (let i = 0; i < 20; i += 1) expect(await lookup()).toMatchObject({ kind: 'token', userId, level: 2 });
    expect(reads.count).toBe(1);
    const [row] = (await other.query<{ id: string }>(`SELECT id FROM ferry.api_tokens WHERE user_id = $1 AND revoked_at IS NULL`, [userId])).rows;
    await revokeToken(other, row!.id);
    const revokedAt = Date.now();
    await until(async () => (await lookup()) === null, 1_000);
    expect(Date.now() - revokedAt).toBeLessThan(1_000);
  });

  it('sees a demotion and a disabled user changed by another process within a second', async () => {
    const cache = await listeningCache();
    const { token } = await createToken(t.db, userId, { name: 'levels' });
    const { lookup } = counted(cache, token);
    expect((await lookup())?.level).toBe(2);
    await updateUser(other, userId, { level: 3 });
    await until(async () => (await lookup())?.level === 3, 1_000);
    await updateUser(other, userId, { disabled: true });
    await until(async () => (await lookup()) === null, 1_000);
    await updateUser(other, userId, { disabled: false, level: 2 });
    await until(async () => (await lookup())?.level === 2, 1_000);
  });

  it('applies a change made with plain SQL (not announced) after refreshAfterMs and one more request', async () => {
    const cache = new IdentityCache({ refreshAfterMs: 300 });
    caches.push(cache);
    await cache.lookup(t.db, 'warm-up', async () => null);
    await until(() => cache.listening);
    const { token, id } = await createToken(t.db, userId, { name: 'psql' });
    const { reads, lookup } = counted(cache, token);
    await lookup();
    await other.query(`UPDATE ferry.api_tokens SET revoked_at = now() WHERE id = $1`, [id]);
    expect(await lookup()).not.toBeNull(); // unannounced, and younger than refreshAfterMs
    await new Promise((r) => setTimeout(r, 350));
    expect(await lookup()).not.toBeNull(); // answered from the cache once more, read again behind it
    await until(() => reads.count === 2);
    await until(async () => (await lookup()) === null, 1_000);
  });

  it('forgets at once in the process that made the change, before any notice', async () => {
    const { token, id } = await createToken(t.db, userId, { name: 'same process' });
    await until(async () => (await identityFromBearer(t.db, token)) !== null && serverIdentities().listening);
    expect(await identityFromBearer(t.db, token)).not.toBeNull(); // now kept
    await revokeToken(t.db, id); // no waiting for the notice
    expect(await identityFromBearer(t.db, token)).toBeNull();
  });

  it('keeps nothing read while a change was announced (the answer may predate it)', async () => {
    const cache = await listeningCache();
    const { token, id } = await createToken(t.db, userId, { name: 'race' });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = cache.lookup(t.db, `token:${token}`, async () => {
      const actor = await actorFromToken(t.db, token); // read before the revocation…
      await gate; // …returned after its notice
      return actor;
    });
    await revokeToken(other, id);
    await new Promise((r) => setTimeout(r, 200));
    release();
    expect(await slow).not.toBeNull(); // that request was in flight before the revocation
    expect(await cache.lookup(t.db, `token:${token}`, () => actorFromToken(t.db, token))).toBeNull();
  });

  it('keeps nothing while it cannot hear of changes, and forgets what it had when the channel comes back', async () => {
    const cache = await listeningCache();
    const { token, id } = await createToken(t.db, userId, { name: 'deaf' });
    const { reads, lookup } = counted(cache, token);
    await lookup();
    await t.superDb.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ferry-identity' AND datname = current_database()`);
    await until(() => !cache.listening);
    const before = reads.count;
    await lookup();
    await lookup();
    expect(reads.count).toBe(before + 2); // read each time while deaf
    await until(async () => (await lookup(), cache.listening));
    await revokeToken(other, id);
    await until(async () => (await lookup()) === null, 1_000);
  });

  it('never trusts a channel that delivers nothing, and stops trusting one that goes silent', async () => {
    // LISTEN on another database than the one the notices go to: accepted, never delivered (like a pooler in transaction mode).
    const elsewhere = await createTestDatabase();
    try {
      const split = new Proxy(t.db, {
        get: (pool, property) => {
          if (property === 'options') return elsewhere.db.options;
          const value = Reflect.get(pool, property, pool) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(pool) : value;
        },
      });
      const deaf = new IdentityCache({ retryMs: 50, probeTimeoutMs: 200 });
      caches.push(deaf);
      const { token } = await createToken(t.db, userId, { name: 'never trusted' });
      let reads = 0;
      const lookup = () => deaf.lookup(split, `token:${token}`, () => ((reads += 1), actorFromToken(t.db, token)));
      for (let i = 0; i < 6; i += 1) {
        expect(await lookup()).not.toBeNull();
        await new Promise((r) => setTimeout(r, 150));
      }
      expect(deaf.listening).toBe(false);
      expect(reads).toBe(6); // read every time: nothing kept
    } finally {
      await elsewhere.drop();
    }
    // A channel that worked and goes silent (UNLISTEN on its connection): the heartbeat notices.
    const cache = new IdentityCache({ retryMs: 60_000, heartbeatMs: 100, probeTimeoutMs: 200 });
    caches.push(cache);
    await cache.lookup(t.db, 'warm-up', async () => null);
    await until(() => cache.listening);
    await (cache as unknown as { listener: pg.Client }).listener.query('UNLISTEN *');
    await until(() => !cache.listening, 2_000);
  });

  it('keeps at most maxEntries identities and never an unknown token', async () => {
    const cache = new IdentityCache({ maxEntries: 2 });
    caches.push(cache);
    await cache.lookup(t.db, 'warm-up', async () => null);
    await until(() => cache.listening);
    const actor: Actor = { kind: 'token', userId, email: 'op@example.com', name: 'Op', level: 2 };
    let loads = 0;
    const load = async () => ((loads += 1), actor);
    for (const key of ['a', 'b', 'c', 'a']) await cache.lookup(t.db, key, load);
    expect(loads).toBe(4); // 'a' was dropped when 'c' came in
    let unknown = 0;
    for (let i = 0; i < 3; i += 1) await cache.lookup(t.db, 'nobody', async () => ((unknown += 1), null));
    expect(unknown).toBe(3);
  });
});
