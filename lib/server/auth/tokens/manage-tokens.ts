import { AppError } from '../../../shared/errors';
import { CreateTokenInputSchema, type ApiToken, type CreatedApiToken, type CreateTokenInput } from '../../../shared/contracts/tokens';
import { isUuid } from '../../../shared/uuid';
import type { Db } from '../../db/pool';
import { withTransaction } from '../../db/transaction';
import { announceIdentityChange } from '../identity-cache';
import { serverIdentities } from '../resolve-identity';
import { generateToken, hashToken, tokenPrefix } from './token-secret';
import { TOKEN_COLUMNS, toApiToken } from './token-row';

/**
 * Creates an API token for a user. The token acts with its creator's level at the time of each call,
 * never higher. Only its hash is stored; the returned `token` is the one and only copy.
 */
export async function createToken(db: Db, userId: string, input: CreateTokenInput): Promise<CreatedApiToken> {
  const parsed = CreateTokenInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError('bad_request', parsed.error.issues[0]?.message ?? 'Invalid token.', { details: parsed.error.issues });
  const token = generateToken();
  const { rows } = await db.query<ApiToken>(
    `INSERT INTO ferry.api_tokens (user_id, name, prefix, token_hash) VALUES ($1, $2, $3, $4) RETURNING ${TOKEN_COLUMNS}`,
    [userId, parsed.data.name, tokenPrefix(token), hashToken(token)],
  );
  return { ...toApiToken(rows[0] as ApiToken), token };
}

/** A user's tokens, newest first, revoked ones included (so the history stays visible). */
export async function listTokens(db: Db, userId: string): Promise<ApiToken[]> {
  const { rows } = await db.query<ApiToken>(`SELECT ${TOKEN_COLUMNS} FROM ferry.api_tokens WHERE user_id = $1 ORDER BY created_at DESC`, [userId]);
  return rows.map(toApiToken);
}

/** Every token with its owner's email (CLI `token list`). */
export async function listAllTokens(db: Db): Promise<(ApiToken & { email: string })[]> {
  const { rows } = await db.query<ApiToken & { email: string }>(
    `SELECT t.${TOKEN_COLUMNS.split(', ').join(', t.')}, u.email FROM ferry.api_tokens t JOIN ferry.console_users u ON u.id = t.user_id ORDER BY t.created_at DESC`,
  );
  return rows.map((r) => ({ ...toApiToken(r), email: r.email }));
}

/**
 * Revokes a token. With `ownerId`, only that user's token (others answer `not_found`, not revealing
 * that the id exists). Revoking twice keeps the first revocation time.
 */
export async function revokeToken(db: Db, tokenId: string, ownerId?: string): Promise<ApiToken> {
  if (!isUuid(tokenId)) throw new AppError('not_found', 'No such token.');
  const revoked = await withTransaction(db, async (client) => {
    const { rows } = await client.query<ApiToken>(
      `UPDATE ferry.api_tokens SET revoked_at = COALESCE(revoked_at, now())
        WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2) RETURNING ${TOKEN_COLUMNS}`,
      [tokenId, ownerId ?? null],
    );
    if (!rows[0]) throw new AppError('not_found', 'No such token.');
    await announceIdentityChange(client, 'api_tokens');
    return rows[0];
  });
  serverIdentities().forget(); // this process at once; other servers when the notice arrives
  return toApiToken(revoked);
}
