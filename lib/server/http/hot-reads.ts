import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasLevel, type Level } from '../../shared/levels';
import securityHeaders from '../../shared/security-headers.json';
import { identityFromBearer } from '../auth/resolve-identity';
import type { Db } from '../db/pool';
import { getLogger } from '../log/logger';
import { migrationSource } from '../migration/migration-source';
import { getSharedProgress } from '../migration/runs/get-progress';
import { getMigrationStatus } from '../migration/runs/get-status';
import { requestId as readRequestId } from './request-info';

type HotRead = { level: Level; read(db: Db, query: URLSearchParams): Promise<unknown> };

/** The answers many people watch at once, by path; each is also a route handler (app/api/…/route.ts). */
const HOT_READS: Record<string, HotRead> = {
  '/api/migration/progress': { level: 2, read: (db, query) => getSharedProgress(db, query.get('runId') ?? undefined) },
  '/api/migration/status': { level: 3, read: (db) => getMigrationStatus(db, migrationSource()) },
};

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const SECURITY_HEADERS: Record<string, string> = Object.fromEntries(securityHeaders.map(({ key, value }) => [key, value]));

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
export function hotReadFor(req: IncomingMessage): { path: string; query: URLSearchParams; read: HotRead } | null {
  if (req.method !== 'GET' || !req.url?.startsWith('/api/migration/')) return null;
  const mark = req.url.indexOf('?');
  const path = mark < 0 ? req.url : req.url.slice(0, mark);
  const search = mark < 0 ? '' : req.url.slice(mark + 1);
  // The path exactly as sent: anything Next.js would normalize or redirect (`..`, `\`, `%2e`) is its own.
  const read = Object.hasOwn(HOT_READS, path) ? HOT_READS[path] : undefined;
  return read && BEARER.test(req.headers.authorization ?? '') ? { path, query: new URLSearchParams(search), read } : null;
}

/**
 * Answers a request `hotReadFor` matched; false (nothing written) when the route handler must answer.
 * Never throws: a failure before the answer is the route handler's to report, one while writing it
 * drops the connection (the status line may be out).
 */
export async function serveHotRead(db: Db, req: IncomingMessage, res: ServerResponse, hot: NonNullable<ReturnType<typeof hotReadFor>>): Promise<boolean> {
  const started = performance.now();
  const token = BEARER.exec(req.headers.authorization ?? '')?.[1] ?? '';
  let body: string;
  let actor;
  try {
    actor = await identityFromBearer(db, token);
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
