/**
 * The one reading of PostgreSQL (and node-postgres) errors. Engine, HTTP layer, worker and CLI branch on
 * the kind this returns — a SQLSTATE class — never on the wording of a server message.
 *
 * - `connection_lost`: the server went away or is restarting (57P01–57P03, class 08, socket errors, and
 *   node-postgres's own client errors, which carry no SQLSTATE).
 * - `unavailable`: the server refuses new work for now (53xxx: too many connections, out of resources).
 * - `undefined_table` (42P01), `undefined_column` (42703).
 * - `unique_violation` (23505, with the constraint's name): a duplicate key.
 * - `data_refused`: the data's fault — data exceptions (22xxx) and integrity violations (23xxx) other
 *   than a duplicate key, e.g. a NUL character jsonb cannot hold, a CHECK, a foreign key.
 * - `schema_mismatch`: the statement does not fit the target's schema (42xxx other than the above and
 *   permissions): a wrong type, a missing function.
 * - `permission_denied` (42501), `lock_not_available` (55P03), `retryable` (40001 serialization, 40P01
 *   deadlock, 57014 canceled), `nile_refused` (0A000: the Nile emulation's strict mode, or a feature Nile
 *   does not support).
 */
export type PgErrorKind =
  | 'connection_lost' | 'unavailable' | 'undefined_table' | 'undefined_column' | 'unique_violation' | 'data_refused'
  | 'schema_mismatch' | 'permission_denied' | 'lock_not_available' | 'retryable' | 'nile_refused' | 'other';

export type PgErrorInfo = { kind: PgErrorKind; code: string | null; constraint: string | null };

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * node-postgres reports a lost or timed-out connection with plain Errors that have no code; these are
 * its own messages (client.js, pg-pool), not the server's, so matching them is the only way to know.
 */
const CLIENT_CONNECTION_ERRORS = /^(Connection terminated|Client has encountered a connection error|timeout expired|Connection terminated due to connection timeout|Client was closed and is not queryable)/;

function kindOf(code: string | null, error: unknown): PgErrorKind {
  if (code === null) {
    return error instanceof Error && CLIENT_CONNECTION_ERRORS.test(error.message) ? 'connection_lost' : 'other';
  }
  if (SOCKET_CODES.has(code) || code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return 'connection_lost';
  if (code.startsWith('53')) return 'unavailable';
  if (code === '42P01') return 'undefined_table';
  if (code === '42703') return 'undefined_column';
  if (code === '42501') return 'permission_denied';
  if (code === '23505') return 'unique_violation';
  if (code.startsWith('22') || code.startsWith('23')) return 'data_refused';
  if (code.startsWith('42')) return 'schema_mismatch';
  if (code === '55P03') return 'lock_not_available';
  if (code === '40001' || code === '40P01' || code === '57014') return 'retryable';
  if (code === '0A000') return 'nile_refused';
  return 'other';
}

/** Classifies anything thrown by a query (non-database errors are `other`). */
export function classifyPgError(error: unknown): PgErrorInfo {
  const raw = (error as { code?: unknown; constraint?: unknown } | null) ?? {};
  const code = typeof raw.code === 'string' && (/^[0-9A-Z]{5}$/.test(raw.code) || SOCKET_CODES.has(raw.code)) ? raw.code : null;
  const constraint = typeof raw.constraint === 'string' ? raw.constraint : null;
  return { kind: kindOf(code, error), code, constraint };
}

export function isPgErrorKind(error: unknown, ...kinds: PgErrorKind[]): boolean {
  return kinds.includes(classifyPgError(error).kind);
}

/** The database is gone or refusing for now: retry later (503 at the HTTP edge). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return isPgErrorKind(error, 'connection_lost', 'unavailable');
}

/**
 * Runs a probe whose only expected failure is "that table does not exist" and answers `fallback` then;
 * every other error (a lost connection, a permission problem) is thrown, never read as the fallback.
 */
export async function unlessUndefinedTable<T>(probe: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await probe();
  } catch (error) {
    if (classifyPgError(error).kind === 'undefined_table') return fallback;
    throw error;
  }
}
