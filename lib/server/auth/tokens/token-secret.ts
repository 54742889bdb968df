import crypto from 'node:crypto';

const PREFIX = 'fry_';

/** A new API token: `fry_` + 43 url-safe characters (256 random bits). */
export function generateToken(): string {
  return `${PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
}

/** What is stored: a SHA-256 of the token. The token has 256 bits of entropy, so no salt or stretching is needed. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The part shown in lists so a person can recognise a token without it being usable. */
export function tokenPrefix(token: string): string {
  return token.slice(0, PREFIX.length + 8);
}

/** Cheap shape check before any database lookup. */
export function looksLikeToken(value: string): boolean {
  return /^fry_[A-Za-z0-9_-]{43}$/.test(value);
}
