import type { Level } from '../../shared/levels';
import { isUuid } from '../../shared/uuid';
import type { Db } from '../db/pool';
import { hashToken, looksLikeToken } from './tokens/token-secret';

/** Who is calling. Levels are read from the user row on every request, so a demotion applies at once. */
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
 * or null. `last_used_at` is refreshed at most once a minute per token.
 */
export async function actorFromToken(db: Db, token: string): Promise<Actor | null> {
  if (!looksLikeToken(token)) return null;
  const { rows } = await db.query<ActorRow & { tokenId: string }>(
    `UPDATE ferry.api_tokens t SET last_used_at = CASE WHEN t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute' THEN now() ELSE t.last_used_at END
       FROM ferry.console_users u
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.id = t.user_id AND NOT u.disabled
      RETURNING u.id, u.email, u.name, u.level, t.id AS "tokenId"`,
    [hashToken(token)],
  );
  const row = rows[0];
  return row ? { kind: 'token', userId: row.id, email: row.email, name: row.name, level: Number(row.level) as Level, tokenId: row.tokenId } : null;
}

/** The actor for work the CLI does in a terminal (recorded in the audit trail as `cli:<os user>`). */
export function cliActor(osUser: string): Actor {
  return { kind: 'cli', userId: null, email: null, name: `cli:${osUser}`, level: 1 };
}
