import type { Db } from '../db/pool';
import { hashStatusToken, looksLikeStatusToken } from './status-link-token';

/**
 * True when `token` is a share link that exists and is not revoked. One indexed lookup by hash (the
 * token itself is never stored or compared in the clear); `last_used_at` is written at most once a
 * minute, so a page polling every few seconds costs one read per poll.
 */
export async function isValidStatusToken(db: Db, token: unknown): Promise<boolean> {
  if (!looksLikeStatusToken(token)) return false;
  const hash = hashStatusToken(token);
  const { rows } = await db.query<{ stale: boolean }>(
    `SELECT last_used_at IS NULL OR last_used_at < now() - interval '1 minute' AS stale FROM ferry.status_links WHERE token_hash = $1 AND revoked_at IS NULL`,
    [hash],
  );
  const row = rows[0];
  if (!row) return false;
  if (row.stale) await db.query(`UPDATE ferry.status_links SET last_used_at = now() WHERE token_hash = $1`, [hash]);
  return true;
}
