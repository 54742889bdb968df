import type { Db } from '../../db/pool';
import { LogsQuerySchema, type AuditEvent, type LogsQuery, type RunEvent } from '../../../shared/contracts/migration';

export type RunLogs = { entries: (RunEvent | AuditEvent)[]; nextBefore: string | null };

/** UTC ISO 8601 with microseconds (PostgreSQL's own precision), so it sorts as text and works as a cursor. */
const ISO_MICROS = `to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const AUDIT_LEVEL = `CASE outcome WHEN 'success' THEN 'info' WHEN 'denied' THEN 'warn' ELSE 'error' END`;

/** A LIKE pattern that matches `text` literally (its `%`, `_` and `\` escaped). */
const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * `GET /api/migration/logs`: run events and the audit trail, newest first, merged by time. Filters:
 * level and time range (both kinds); run and collection (run events only: audit entries belong to
 * neither); actor (part of the email, case-insensitive), action (a prefix) and outcome (audit entries
 * only: run events have none). Paginated by time (`before` = the `at` of the last entry of the previous
 * page, microsecond precision, so entries of the same millisecond are not skipped).
 */
export async function listRunLogs(db: Db, query: LogsQuery = {}): Promise<RunLogs> {
  const q = LogsQuerySchema.parse(query);
  const isAuditFiltered = q.actor !== undefined || q.action !== undefined || q.outcome !== undefined;
  const isEventFiltered = q.collection !== undefined || q.runId !== undefined;
  const includeEvents = q.source !== 'audit' && !isAuditFiltered;
  const includeAudit = q.source !== 'events' && !isEventFiltered;
  const events = !includeEvents ? [] : (await db.query<RunEvent>(
    `SELECT 'event' AS kind, id::int, ${ISO_MICROS} AS at, level, message, run_id AS "runId", collection, details FROM ferry.run_events
      WHERE ($1::uuid IS NULL OR run_id = $1) AND ($2::text IS NULL OR level = $2) AND ($3::text IS NULL OR collection = $3)
        AND ($4::timestamptz IS NULL OR at < $4) AND ($5::timestamptz IS NULL OR at >= $5) AND ($6::timestamptz IS NULL OR at < $6)
      ORDER BY at DESC, id DESC LIMIT $7`,
    [q.runId ?? null, q.level ?? null, q.collection ?? null, q.before ?? null, q.from ?? null, q.to ?? null, q.limit])).rows;
  const audit = !includeAudit ? [] : (await db.query<AuditEvent>(
    `SELECT 'audit' AS kind, id::int, ${ISO_MICROS} AS at, ${AUDIT_LEVEL} AS level,
            action || COALESCE(' ' || target, '') AS message, COALESCE(actor_email, actor_kind) AS actor, outcome, action, target, status
       FROM ferry.audit_log
      WHERE ($1::text IS NULL OR ${AUDIT_LEVEL} = $1)
        AND ($2::timestamptz IS NULL OR at < $2) AND ($3::timestamptz IS NULL OR at >= $3) AND ($4::timestamptz IS NULL OR at < $4)
        AND ($5::text IS NULL OR COALESCE(actor_email, actor_kind) ILIKE '%' || $5 || '%')
        AND ($6::text IS NULL OR action LIKE $6 || '%') AND ($7::text IS NULL OR outcome = $7)
      ORDER BY at DESC, id DESC LIMIT $8`,
    [q.level ?? null, q.before ?? null, q.from ?? null, q.to ?? null, q.actor ? literal(q.actor) : null, q.action ? literal(q.action) : null, q.outcome ?? null, q.limit])).rows;
  const merged = [...events, ...audit]
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, q.limit);
  return { entries: merged, nextBefore: merged.length === q.limit ? (merged.at(-1)?.at ?? null) : null };
}
