import crypto from 'node:crypto';
import pg from 'pg';
import type { Db } from '../db/pool';
import type { Actor } from './actor';

/** The channel every change of users and tokens is announced on (announceIdentityChange). */
export const IDENTITY_CHANNEL = 'ferry_identity';

type Queryable = Pick<pg.ClientBase, 'query'>;

/**
 * Announces, in the caller's transaction, that users or tokens changed: every listening server forgets
 * the identities it kept once the change commits. The services that change them (updateUser,
 * revokeToken) call it — Nile allows no triggers, so a change made with plain SQL is not announced
 * and reaches a server's cache only through `refreshAfterMs`.
 */
export async function announceIdentityChange(db: Queryable, what: 'console_users' | 'api_tokens'): Promise<void> {
  await announce(db, what);
}

/** Payloads of the cache's own probes, which make nobody forget anything. */
const PROBE = 'probe:';

async function announce(db: Queryable, payload: string): Promise<void> {
  await db.query(`SELECT pg_notify($1, $2)`, [IDENTITY_CHANNEL, payload]);
}

export type IdentityCacheOptions = {
  /** A kept identity older than this is answered once more and read again in the background. */
  refreshAfterMs?: number;
  /** A kept identity older than this is not answered: the caller waits for the database. */
  maxAgeMs?: number;
  /** Identities kept at most; the oldest is dropped first. */
  maxEntries?: number;
  /** Wait before listening again after the notice channel was lost (doubling while it keeps failing). */
  retryMs?: number;
  /** How often the channel is probed with a notice of its own. */
  heartbeatMs?: number;
  /** How long a probe may take to come back before the channel counts as lost. */
  probeTimeoutMs?: number;
};

type Entry = { actor: Actor; loadedAt: number; refreshing: boolean };

/**
 * The identities a server process resolved (Bearer token or session → enabled user and level), kept so
 * that a request does not wait for PostgreSQL to learn who is calling while a migration keeps the
 * database busy. Kept only while the process LISTENs on `ferry_identity`, where every change of a user
 * or token made through Ferry (console, API, CLI) is announced: the whole cache is forgotten when a
 * notice arrives, when the channel is lost, and when it is established again (notices sent meanwhile
 * are gone). A lookup that was reading the database while a notice arrived is not kept (the generation
 * moved), so a revocation is never hidden behind an answer read before it. The process that made a
 * change forgets at once (`forget`), before its response leaves; other processes when the notice is
 * delivered (milliseconds). Unknown tokens are never kept: a new token works at once. A change made
 * behind Ferry's back (plain SQL) applies after `refreshAfterMs` plus one request, and an identity
 * older than `maxAgeMs` is never answered (a refresh that hangs cannot stretch that).
 */
export class IdentityCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;
  private listener: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryAt = 0;
  private failures = 0;
  private readonly gone = new WeakSet<pg.Client>();
  private heartbeat: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly refreshAfterMs: number;
  private readonly maxAgeMs: number;
  private readonly maxEntries: number;
  private readonly retryMs: number;
  private readonly heartbeatMs: number;
  private readonly probeTimeoutMs: number;

  constructor(options: IdentityCacheOptions = {}) {
    this.refreshAfterMs = options.refreshAfterMs ?? 30_000;
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.retryMs = options.retryMs ?? 5_000;
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
    this.probeTimeoutMs = options.probeTimeoutMs ?? 10_000;
  }

  /** True while notices of changes can arrive (only then are identities kept). */
  get listening(): boolean {
    return this.listener !== null;
  }

  /** The identity under `key`, kept if the notice channel is up; `load` reads it from the database. */
  async lookup(db: Db, key: string, load: () => Promise<Actor | null>): Promise<Actor | null> {
    this.listen(db);
    const entry = this.entries.get(key);
    const age = entry ? Date.now() - entry.loadedAt : Infinity;
    if (entry && this.listening && age < this.maxAgeMs) {
      if (age >= this.refreshAfterMs && !entry.refreshing) {
        entry.refreshing = true;
        this.read(key, load).catch(() => (entry.refreshing = false));
      }
      return entry.actor;
    }
    return this.read(key, load);
  }

  /** Reads an identity and keeps it, unless a change may have been announced meanwhile. */
  private async read(key: string, load: () => Promise<Actor | null>): Promise<Actor | null> {
    const generation = this.generation;
    const wasListening = this.listening;
    const actor = await load();
    const current = wasListening && this.listening && generation === this.generation;
    if (current && actor) this.keep(key, actor);
    else if (current) this.entries.delete(key); // revoked or disabled behind Ferry's back
    return actor;
  }

  /** Forgets every identity (a change was made or announced, or notices may have been missed). */
  forget(): void {
    this.generation += 1;
    this.entries.clear();
  }

  /** Stops listening and keeps nothing more (tests; a server keeps its cache for its whole life). */
  async close(): Promise<void> {
    this.closed = true;
    await this.connecting;
    const listener = this.listener;
    this.lost(listener);
    await listener?.end().catch(() => undefined);
  }

  private keep(key: string, actor: Actor): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { actor: Object.freeze({ ...actor }), loadedAt: Date.now(), refreshing: false });
  }

  /**
   * Starts listening (once, in the background) on a connection of its own with the pool's settings.
   * The channel is trusted only once a notice sent through the pool has come back on it (a pooler can
   * accept LISTEN and deliver nothing), and is probed again every `heartbeatMs`: a probe that does not
   * come back within `probeTimeoutMs` (a connection dropped without a word) counts as the channel lost.
   */
  private listen(db: Db): void {
    if (this.listener || this.connecting || this.closed || Date.now() < this.retryAt) return;
    const client = new pg.Client({ ...db.options, keepAlive: true, keepAliveInitialDelayMillis: 10_000, application_name: 'ferry-identity' });
    const drop = () => {
      this.lost(client);
      client.end().catch(() => undefined);
    };
    client.on('error', drop);
    client.on('end', () => this.lost(client));
    client.on('notification', (notice) => {
      if (notice.channel === IDENTITY_CHANNEL && !notice.payload?.startsWith(PROBE)) this.forget();
    });
    this.connecting = (async () => {
      try {
        await client.connect();
        await client.query(`LISTEN ${IDENTITY_CHANNEL}`);
        if (!(await this.probe(db, client)) || this.closed) throw new Error('the channel delivers nothing');
        this.forget();
        this.listener = client;
        this.failures = 0;
        this.heartbeat = setInterval(() => {
          void this.probe(db, client).then((heard) => heard || this.listener !== client || drop());
        }, this.heartbeatMs);
        this.heartbeat.unref();
      } catch {
        drop();
      } finally {
        this.connecting = null;
      }
    })();
  }

  /** Sends a notice of its own through the pool and tells whether the listening connection heard it. */
  private probe(db: Db, client: pg.Client): Promise<boolean> {
    const payload = `${PROBE}${crypto.randomUUID()}`;
    return new Promise<boolean>((resolve) => {
      const done = (heard: boolean) => {
        clearTimeout(timer);
        client.off('notification', hear);
        resolve(heard);
      };
      const hear = (notice: pg.Notification) => {
        if (notice.channel === IDENTITY_CHANNEL && notice.payload === payload) done(true);
      };
      const timer = setTimeout(() => done(false), this.probeTimeoutMs);
      client.on('notification', hear);
      announce(db, payload).catch(() => done(false));
    });
  }

  private lost(client: pg.Client | null): void {
    if (client && (this.gone.has(client) || (this.listener !== null && this.listener !== client))) return; // told already, or an older connection's late event
    if (client) this.gone.add(client);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.listener = null;
    this.failures = Math.min(this.failures + 1, 6);
    this.retryAt = Date.now() + this.retryMs * 2 ** (this.failures - 1); // backing off up to 32× while it keeps failing
    this.forget();
  }
}
