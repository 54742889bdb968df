import crypto from 'node:crypto';

const PREFIX = 'fst_';

/** A share token: `fst_` + 43 url-safe characters (256 random bits), unguessable. */
export function generateStatusToken(): string {
  return `${PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
}

/** What is stored: the SHA-256 of the token (256 random bits need no salt or stretching). */
export function hashStatusToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Cheap shape check before any database lookup. */
export function looksLikeStatusToken(value: unknown): value is string {
  return typeof value === 'string' && /^fst_[A-Za-z0-9_-]{43}$/.test(value);
}
