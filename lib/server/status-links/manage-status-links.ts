import type { Db } from '../db/pool';
import { AppError } from '../../shared/errors';
import { isUuid } from '../../shared/uuid';
import { CreateStatusLinkInputSchema, type CreatedStatusLink, type CreateStatusLinkInput, type StatusLinkView } from '../../shared/contracts/status';
import { generateStatusToken, hashStatusToken } from './status-link-token';

const COLUMNS = `id, label, created_by AS "createdBy", created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`;
type Row = Omit<StatusLinkView, 'createdAt' | 'lastUsedAt' | 'revokedAt'> & { createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

function toView(row: Row): StatusLinkView {
  return { ...row, createdAt: row.createdAt.toISOString(), lastUsedAt: row.lastUsedAt?.toISOString() ?? null, revokedAt: row.revokedAt?.toISOString() ?? null };
}

/**
 * Creates a share link of the stakeholder status page. Only the token's SHA-256 is stored; the token
 * (and the page's path, `/status/<token>`) is in this answer only.
 */
export async function createStatusLink(db: Db, input: CreateStatusLinkInput, createdBy: string): Promise<Omit<CreatedStatusLink, 'url'> & { path: string }> {
  const { label } = CreateStatusLinkInputSchema.parse(input);
  const token = generateStatusToken();
  const { rows } = await db.query<Row>(
    `INSERT INTO ferry.status_links (label, token_hash, created_by) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
    [label, hashStatusToken(token), createdBy],
  );
  return { ...toView(rows[0] as Row), token, path: `/status/${token}` };
}

/** Every share link, newest first, revoked ones included; never a token. */
export async function listStatusLinks(db: Db): Promise<StatusLinkView[]> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM ferry.status_links ORDER BY created_at DESC`);
  return rows.map(toView);
}

/**
 * Revokes a share link: its page and endpoint answer 404 from the next request on. Revoking twice keeps
 * the first time. @throws AppError `not_found` for an unknown id.
 */
export async function revokeStatusLink(db: Db, id: string): Promise<StatusLinkView> {
  if (!isUuid(id)) throw new AppError('not_found', 'No such status link.');
  const { rows } = await db.query<Row>(`UPDATE ferry.status_links SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
  if (!rows[0]) throw new AppError('not_found', 'No such status link.');
  return toView(rows[0]);
}
