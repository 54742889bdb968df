import 'server-only';
import { AppError } from '../../shared/errors';
import { json } from './responses';

/** Long enough for any real path; a longer one is cut so the answer never grows with what a client sends. */
const MAX_SHOWN_PATH = 200;

/**
 * The answer to every path under `/api` that no route serves, whatever the method: `404` with the error
 * envelope (`not_found`), like any other API error — never Next's HTML page, never the login redirect.
 * Public on purpose: it reveals nothing a caller could not learn from the README.
 */
export function answerUnknownEndpoint(req: Request): Response {
  const pathname = new URL(req.url).pathname;
  const shown = pathname.length > MAX_SHOWN_PATH ? `${pathname.slice(0, MAX_SHOWN_PATH)}…` : pathname;
  const error = new AppError('not_found', `No API endpoint at ${shown}. The endpoints are listed in the API section of the README.`);
  return json(error.toEnvelope(), error.status);
}
