import type { Level } from '../../shared/levels';
import { isUuid } from '../../shared/uuid';
import type { Db } from '../db/pool';
import { hashToken, looksLikeToken } from './tokens/token-secret';

/**
 * Who is calling. Levels are read from the user row (through the server's identity cache, which forgets
 * on every change of users and tokens: resolve-identity.ts), so a demotion applies at once.
 */
export type Actor = {
  kind: 'session' | 'token' | 'cli' | 'system';
  userId: string | null;
  email: string | null;
  name: string;
  level: Level;
  tokenId?: string;
};

type ActorRow = { id: string; email: string; name: string; level: number };

/** The enabled user behind a session's user id, or null (unknown or disabled users have no session). */
export async function actorFromUserId(db: Db, userId: unknown): Promise<Actor | null> {
  if (!isUuid(userId)) return null;
  const { rows } = await db.query<ActorRow>(`SELECT id, email, name, level FROM ferry.console_users WHERE id = $1 AND NOT disabled`, [userId]);
  const row = rows[0];
  return row ? { kind: 'session', userId: row.id, email: row.email, name: row.name, level: Number(row.level) as Level } : null;
}

/**
 * The enabled user behind a Bearer token that is not revoked, acting with that user's current level,
 * or null. `last_used_at` is refreshed at most once a minute per token (a read otherwise: scripts that
 * poll every second must not write a row version per request).
 */
export async function actorFromToken(db: Db, token: string): Promise<Actor | null> {
  if (!looksLikeToken(token)) return null;
  const { rows } = await db.query<ActorRow & { tokenId: string; isStale: boolean }>(
    `SELECT u.id, u.email, u.name, u.level, t.id AS "tokenId",
            (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute') AS "isStale"
       FROM ferry.api_tokens t JOIN ferry.console_users u ON u.id = t.user_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND NOT u.disabled`,
    [hashToken(token)],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.isStale) await touchToken(db, row.tokenId);
  return { kind: 'token', userId: row.id, email: row.email, name: row.name, level: Number(row.level) as Level, tokenId: row.tokenId };
}

/** Records that a token was used (at most one row version a minute: the condition makes repeats no-ops). */
export async function touchToken(db: Db, tokenId: string): Promise<void> {
  await db.query(`UPDATE ferry.api_tokens SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [tokenId]);
}

/** The actor for work the CLI does in a terminal (recorded in the audit trail as `cli:<os user>`). */
export function cliActor(osUser: string): Actor {
  return { kind: 'cli', userId: null, email: null, name: `cli:${osUser}`, level: 1 };
}
