import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasLevel } from '../../shared/levels';
import securityHeaders from '../../shared/security-headers.json';
import { identityFromBearer } from '../auth/resolve-identity';
import type { Db } from '../db/pool';
import { getLogger } from '../log/logger';
import { bearerToken, requestId as readRequestId } from './request-info';
import { WATCHED_READS, type WatchedRead } from './watched-reads';

const SECURITY_HEADERS: Record<string, string> = Object.fromEntries(securityHeaders.map(({ key, value }) => [key, value]));

type HotRead = { path: string; query: URLSearchParams; token: string; read: WatchedRead };

/**
 * The two answers a crowd polls during a run — `GET /api/migration/progress` (operators, every second)
 * and `GET /api/migration/status` (stakeholders) — served by the launcher's HTTP server before Next.js
 * for a Bearer caller whose token and level check out: the same identity cache, the same services and
 * shared readings, the same JSON, status and headers as the route handler (security headers, no-store,
 * `x-request-id`) and the same request log line. Next.js's routing costs about 3 ms of CPU per request
 * on two shared cores (a bare Node answer about 0.7 ms); 60 watchers a second would take a fifth of a
 * core from the migration they watch. Everything else — no token, a session cookie, a level too low, a
 * reading that fails, `HEAD` — is left to the route handler (`false`), which answers it as always (the
 * envelope, the log); nothing here writes, so nothing is audited.
 */
export function hotReadFor(req: IncomingMessage): HotRead | null {
  if (req.method !== 'GET' || !req.url?.startsWith('/api/migration/')) return null;
  const mark = req.url.indexOf('?');
  const path = mark < 0 ? req.url : req.url.slice(0, mark);
  const search = mark < 0 ? '' : req.url.slice(mark + 1);
  // The path exactly as sent: anything Next.js would normalize or redirect (`..`, `\`, `%2e`) is its own.
  const read: WatchedRead | undefined = Object.hasOwn(WATCHED_READS, path) ? WATCHED_READS[path as keyof typeof WATCHED_READS] : undefined;
  const token = bearerToken(req.headers.authorization);
  return read && token ? { path, query: new URLSearchParams(search), token, read } : null;
}

/**
 * Answers a request `hotReadFor` matched; false (nothing written) when the route handler must answer.
 * Never throws: a failure before the answer is the route handler's to report, one while writing it
 * drops the connection (the status line may be out).
 */
export async function serveHotRead(db: Db, req: IncomingMessage, res: ServerResponse, hot: HotRead): Promise<boolean> {
  const started = performance.now();
  let body: string;
  let actor;
  try {
    actor = await identityFromBearer(db, hot.token);
    if (!actor || !hasLevel(actor.level, hot.read.level)) return false;
    body = JSON.stringify(await hot.read.read(db, hot.query));
  } catch {
    return false;
  }
  const requestId = readRequestId(req.headers);
  try {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Cache-Control': 'no-store',
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'x-request-id': requestId,
    });
    res.end(body);
    getLogger().info({ requestId, method: 'GET', path: hot.path, status: 200, ms: Math.round(performance.now() - started), actor: actor.email ?? actor.name, hot: true }, 'request');
  } catch {
    res.destroy();
  }
  return true;
}
