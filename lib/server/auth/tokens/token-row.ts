import type { ApiToken } from '../../../shared/contracts/tokens';

export const TOKEN_COLUMNS = `id, name, prefix, created_at::text AS "createdAt", last_used_at::text AS "lastUsedAt", revoked_at::text AS "revokedAt"`;

const iso = (value: string | null) => (value ? new Date(value).toISOString() : null);

export function toApiToken(row: ApiToken): ApiToken {
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: new Date(row.createdAt).toISOString(), lastUsedAt: iso(row.lastUsedAt), revokedAt: iso(row.revokedAt) };
}
