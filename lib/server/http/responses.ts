import { AppError, type ErrorEnvelope } from '../../shared/errors';
import { isDatabaseUnavailable } from '../db/pg-errors';
import type { Logger } from '../log/logger';

const NO_STORE = { 'Cache-Control': 'no-store' };

/** A JSON response that is never cached (every API answer depends on who asks). */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

/**
 * Maps anything thrown to the error envelope. `AppError`s keep their code and message; anything else
 * is logged in full and answered with a generic 500, so internals never leave the server.
 */
export function errorResponse(error: unknown, log: Logger): Response {
  if (error instanceof AppError) {
    if (error.status >= 500) log.error({ err: error }, error.message);
    return json(error.toEnvelope(), error.status, error.headers);
  }
  if (isDatabaseUnavailable(error)) {
    log.error({ err: error }, 'database unavailable');
    return json({ error: { code: 'unavailable', message: 'The database is not reachable right now. Try again shortly.' } } satisfies ErrorEnvelope, 503, { 'Retry-After': '5' });
  }
  log.error({ err: error }, 'unhandled error');
  const envelope: ErrorEnvelope = { error: { code: 'internal', message: 'Something went wrong on the server. It has been logged.' } };
  return json(envelope, 500);
}
