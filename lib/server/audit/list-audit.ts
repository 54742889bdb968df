import { z } from 'zod';
import type { Db } from '../db/pool';
import type { AuditRecord } from '../../shared/contracts/audit';

export type { AuditRecord };

export const AuditQuerySchema = z.object({
  action: z.string().max(100).optional(),
  actor: z.string().max(254).optional(),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type AuditQuery = z.input<typeof AuditQuerySchema>;


/**
 * Audit entries, newest first, filtered by action prefix, actor email and outcome; keyset-paginated by
 * id (`before` = the last id of the previous page), so pages stay fast as the log grows.
 */
export async function listAudit(db: Db, query: AuditQuery = {}): Promise<{ entries: AuditRecord[]; nextBefore: number | null }> {
  const q = AuditQuerySchema.parse(query);
  const { rows } = await db.query<AuditRecord>(
    `SELECT id::int, at::text, actor_email AS "actorEmail", actor_kind AS "actorKind", action, target, params, outcome, status,
            client_address AS "clientAddress", request_id AS "requestId"
       FROM ferry.audit_log
      WHERE ($1::text IS NULL OR action LIKE $1 || '%')
        AND ($2::text IS NULL OR actor_email = lower($2))
        AND ($3::text IS NULL OR outcome = $3)
        AND ($4::bigint IS NULL OR id < $4)
      ORDER BY id DESC LIMIT $5`,
    [q.action ?? null, q.actor ?? null, q.outcome ?? null, q.before ?? null, q.limit],
  );
  const entries = rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  return { entries, nextBefore: entries.length === q.limit ? (entries.at(-1)?.id ?? null) : null };
}
