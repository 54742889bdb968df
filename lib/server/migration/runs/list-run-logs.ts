import type { Db } from '../../db/pool';
import { LogsQuerySchema, type AuditEvent, type LogsQuery, type RunEvent } from '../../../shared/contracts/migration';

export type RunLogs = { entries: (RunEvent | AuditEvent)[]; nextBefore: string | null };

/** UTC ISO 8601 with microseconds (PostgreSQL's own precision), so it sorts as text and works as a cursor. */
const ISO_MICROS = `to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * `GET /api/migration/logs`: run events and the audit entries of migration and schema actions, newest
 * first, merged by time. Filters: run, level, collection, source; paginated by time (`before` = the
 * `at` of the last entry of the previous page).
 */
export async function listRunLogs(db: Db, query: LogsQuery = {}): Promise<RunLogs> {
  const q = LogsQuerySchema.parse(query);
  const events = q.source === 'audit' ? [] : (await db.query<RunEvent>(
    `SELECT 'event' AS kind, id::int, ${ISO_MICROS} AS at, level, message, run_id AS "runId", collection, details FROM ferry.run_events
      WHERE ($1::uuid IS NULL OR run_id = $1) AND ($2::text IS NULL OR level = $2) AND ($3::text IS NULL OR collection = $3)
        AND ($4::timestamptz IS NULL OR at < $4) ORDER BY at DESC, id DESC LIMIT $5`,
    [q.runId ?? null, q.level ?? null, q.collection ?? null, q.before ?? null, q.limit])).rows;
  // Audit entries belong to no run or collection: filtering by those leaves only run events.
  const includeAudit = q.source === 'audit' || (q.source === 'all' && !q.collection && !q.runId);
  const audit = !includeAudit ? [] : (await db.query<AuditEvent>(
    `SELECT 'audit' AS kind, id::int, ${ISO_MICROS} AS at,
            CASE outcome WHEN 'success' THEN 'info' WHEN 'denied' THEN 'warn' ELSE 'error' END AS level,
            action || COALESCE(' ' || target, '') AS message, COALESCE(actor_email, actor_kind) AS actor, outcome
       FROM ferry.audit_log
      WHERE (action LIKE 'migration.%' OR action LIKE 'schema.%')
        AND ($1::text IS NULL OR CASE outcome WHEN 'success' THEN 'info' WHEN 'denied' THEN 'warn' ELSE 'error' END = $1)
        AND ($2::timestamptz IS NULL OR at < $2) ORDER BY at DESC, id DESC LIMIT $3`,
    [q.level ?? null, q.before ?? null, q.limit])).rows;
  // Microsecond timestamps as the cursor: entries of the same millisecond are not skipped between pages.
  const merged = [...events, ...audit]
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, q.limit);
  return { entries: merged, nextBefore: merged.length === q.limit ? (merged.at(-1)?.at ?? null) : null };
}
