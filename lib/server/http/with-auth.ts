import 'server-only';
import { getToken } from 'next-auth/jwt';
import type { NextRequest } from 'next/server';
import type { z } from 'zod';
import { AppError } from '../../shared/errors';
import { hasLevel, type Level } from '../../shared/levels';
import type { Actor } from '../auth/actor';
import { identityFromBearer, identityFromSession } from '../auth/resolve-identity';
import { recordAudit } from '../audit/record-audit';
import { getEnv } from '../config/env';
import { getPool, type Db } from '../db/pool';
import { getLogger, type Logger } from '../log/logger';
import { parseJsonBody } from './parse-body';
import { bearerToken, clientAddress, isSameOrigin, requestId as readRequestId } from './request-info';
import { errorResponse, json } from './responses';
import { noteApiChange } from '../cache/api-changes';

export type HandlerContext<P> = {
  req: NextRequest;
  params: P;
  actor: Actor;
  db: Db;
  log: Logger;
  requestId: string;
  clientAddress: string;
  /** Parses the JSON body with a schema (`bad_request` listing every problem); what it returns is audited, secrets redacted. */
  body<S extends z.ZodType>(schema: S): Promise<z.infer<S>>;
  /** Names what a mutating call acted on, for the audit trail. */
  audit(target: string, params?: Record<string, unknown>): void;
};

export type WithAuthOptions = {
  /** The least powerful level allowed: 1 = system admin only, 3 = any signed-in user. */
  level: Level;
  /** Audit action name, e.g. `token.create`; defaults to `METHOD /path`. */
  action?: string;
};

type RouteContext<P> = { params: Promise<P> };

async function resolveActor(req: NextRequest, db: Db): Promise<Actor | null> {
  const authorization = req.headers.get('authorization');
  if (authorization) {
    const token = bearerToken(authorization);
    return token ? identityFromBearer(db, token) : null;
  }
  const secret = getEnv().NEXTAUTH_SECRET;
  const token = secret ? await getToken({ req, secret }) : null;
  return token?.sub ? identityFromSession(db, token.sub) : null;
}

/**
 * The one wrapper of every API route: resolves the caller (Bearer token or next-auth session), answers
 * 401 without an identity and 403 below `level` or for a cross-origin cookie-authenticated change, gives
 * the handler a request-scoped logger, maps every throw to the error envelope, and writes an audit entry
 * for every mutating call (success, failure or denial).
 */
export function withAuth<P = Record<string, string>>(handler: (ctx: HandlerContext<P>) => Promise<unknown>, options: WithAuthOptions) {
  return async (req: NextRequest, route: RouteContext<P>): Promise<Response> => {
    const requestId = readRequestId(req.headers);
    const address = clientAddress(req.headers);
    const log = getLogger().child({ requestId, method: req.method, path: req.nextUrl.pathname });
    const isMutating = !['GET', 'HEAD', 'OPTIONS'].includes(req.method);
    const audit: { target: string | null; params: Record<string, unknown> } = { target: null, params: {} };
    const started = performance.now();
    let actor: Actor | null = null;
    let db: Db | undefined;
    let response: Response;
    try {
      db = getPool();
      actor = await resolveActor(req, db);
      if (!actor) throw new AppError('unauthorized', 'Sign in, or send Authorization: Bearer <token>.');
      if (isMutating && actor.kind === 'session' && !isSameOrigin(req.headers)) {
        throw new AppError('forbidden', 'Cross-origin request refused: changes from the console must come from the console itself.');
      }
      if (!hasLevel(actor.level, options.level)) {
        throw new AppError('forbidden', `This needs level ${options.level} or a more powerful one; you are level ${actor.level}.`);
      }
      const params = await route.params;
      const result = await handler({
        req, params, actor, db, log: log.child({ actor: actor.email ?? actor.name }), requestId, clientAddress: address,
        body: async (schema) => {
          const parsed = await parseJsonBody(req, schema);
          audit.params = { ...audit.params, ...(parsed as Record<string, unknown>) };
          return parsed;
        },
        audit: (target, extra) => {
          audit.target = target;
          if (extra) audit.params = { ...audit.params, ...extra };
        },
      });
      response = result instanceof Response ? result : json(result);
    } catch (error) {
      response = errorResponse(error, log);
    }
    if (isMutating && response.status < 400) noteApiChange(); // only what changed something (a refused request never makes readings fresh)
    if (isMutating && db) {
      const status = response.status;
      const outcome = status < 400 ? 'success' : status === 401 || status === 403 ? 'denied' : 'failure';
      await recordAudit(db, { actor, action: options.action ?? `${req.method} ${req.nextUrl.pathname}`, target: audit.target, params: audit.params, outcome, status, clientAddress: address, requestId });
    }
    response.headers.set('x-request-id', requestId);
    log.info({ status: response.status, ms: Math.round(performance.now() - started), actor: actor?.email ?? actor?.name ?? null }, 'request');
    return response;
  };
}
