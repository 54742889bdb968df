import { processState } from '../adapter/process-state';
import type { Db } from '../db/pool';
import { actorFromToken, actorFromUserId, touchToken, type Actor } from './actor';
import { IdentityCache } from './identity-cache';
import { hashToken, looksLikeToken } from './tokens/token-secret';

const TOUCH_EVERY_MS = 60_000;

/** This process's identity cache (one per process, whichever route bundle asks). */
export function serverIdentities(): IdentityCache {
  return processState('identity-cache', () => new IdentityCache());
}

const touched = () => processState('token-touched', () => new Map<string, number>());

/**
 * The actor behind a Bearer token, from this process's identity cache when it can be trusted to be
 * current (identity-cache.ts), else from the database. `last_used_at` stays refreshed about once a
 * minute per token even when the database is not asked, by a write nobody waits for.
 */
export async function identityFromBearer(db: Db, token: string): Promise<Actor | null> {
  if (!looksLikeToken(token)) return null;
  const actor = await serverIdentities().lookup(db, `token:${hashToken(token)}`, () => actorFromToken(db, token));
  if (actor?.tokenId) {
    const seen = touched();
    const last = seen.get(actor.tokenId);
    if (last === undefined || Date.now() - last >= TOUCH_EVERY_MS) {
      seen.set(actor.tokenId, Date.now());
      touchToken(db, actor.tokenId).catch(() => undefined); // a no-op when it was refreshed within the minute
    }
    if (seen.size > 10_000) seen.clear();
  }
  return actor;
}

/** The enabled user behind a console session, cached like Bearer identities. */
export async function identityFromSession(db: Db, userId: unknown): Promise<Actor | null> {
  if (typeof userId !== 'string') return null;
  return serverIdentities().lookup(db, `session:${userId}`, () => actorFromUserId(db, userId));
}
