import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { bodyTooLarge, MAX_BODY_BYTES } from '../server/http/parse-body';
import { json } from '../server/http/responses';
import { getLogger } from '../server/log/logger';
import { AppError } from '../shared/errors';

/** Marks the guard's own OPTIONS request, whose answer passes through untouched. */
const ALLOW_PROBE_HEADER = 'x-ferry-allow-probe';
const ALLOW_PROBE_TIMEOUT_MS = 2_000;
/** How long a client may keep sending a body nobody will read once its answer is out; then the connection is closed. */
const ABANDONED_BODY_GRACE_MS = 2_000;

type LocalEndpoint = { host: string; port: number };

function apiPathname(url = '/'): string | null {
  const pathname = /^https?:\/\//i.test(url) ? new URL(url).pathname : (url.split('?', 1)[0] ?? '/');
  return pathname === '/api' || pathname.startsWith('/api/') ? pathname : null;
}

/**
 * Writes an AppError as the API's JSON answer, with the headers `json()` gives every API response.
 * Node's own methods are called, beneath any wrapper Next installed (Node drops the body of a HEAD).
 */
async function sendError(res: ServerResponse, error: AppError): Promise<void> {
  const response = json(error.toEnvelope(), error.status, { 'X-Content-Type-Options': 'nosniff', ...error.headers });
  const body = await response.text();
  http.ServerResponse.prototype.writeHead.call(res, response.status, { ...Object.fromEntries(response.headers), 'Content-Length': Buffer.byteLength(body) });
  http.ServerResponse.prototype.end.call(res, body, 'utf8');
}

/** A guard answer that could not be written (the client went away): logged, the connection dropped. */
function failed(res: ServerResponse, error: unknown): void {
  getLogger().warn({ err: error }, 'could not send the API guard answer');
  res.destroy();
}

/**
 * Asks Next itself which methods a path's route implements: Next answers `OPTIONS` on every route with
 * `204` and `Allow` (unless the route implements OPTIONS itself). One loopback request, only after a 405.
 */
function allowedMethods(local: LocalEndpoint, path: string): Promise<string | null> {
  return new Promise((resolve) => {
    const probe = http.request({ ...local, path, method: 'OPTIONS', agent: false, timeout: ALLOW_PROBE_TIMEOUT_MS, headers: { [ALLOW_PROBE_HEADER]: '1' } }, (response) => {
      response.resume();
      const allow = response.headers.allow;
      resolve((response.statusCode ?? 500) < 300 && typeof allow === 'string' ? allow : null);
    });
    probe.on('timeout', () => probe.destroy());
    probe.on('error', () => resolve(null));
    probe.end();
  });
}

/**
 * Next answers a method a route file does not export with a bare `405`: no body, no `Allow`. This
 * watches the response underneath Next's own wrappers (compression): a 405 status line is held back
 * until it is known whether a body follows; if the response ends without one, the error envelope with
 * `Allow` is sent instead. Any write (a streamed or deliberate body) releases it untouched.
 */
function dressBareMethodNotAllowed(req: IncomingMessage, res: ServerResponse, pathname: string): void {
  const local: LocalEndpoint = { host: req.socket.localAddress ?? '127.0.0.1', port: req.socket.localPort ?? 0 };
  const raw = { writeHead: res.writeHead, write: res.write, end: res.end };
  let state: 'watching' | 'held' | 'passing' = 'watching';
  const release = () => {
    if (state === 'held') raw.writeHead.call(res, 405);
    state = 'passing';
  };
  res.writeHead = function writeHead(this: ServerResponse, ...args: unknown[]) {
    if (state === 'watching' && args.length === 1 && args[0] === 405) {
      state = 'held'; // Node's implicit header: the status alone
      return this;
    }
    state = 'passing';
    return raw.writeHead.apply(this, args as Parameters<ServerResponse['writeHead']>);
  } as ServerResponse['writeHead'];
  res.write = function write(this: ServerResponse, ...args: unknown[]) {
    release();
    return raw.write.apply(this, args as Parameters<ServerResponse['write']>);
  } as ServerResponse['write'];
  res.end = function end(this: ServerResponse, ...args: unknown[]) {
    const chunk = typeof args[0] === 'function' ? undefined : (args[0] as { length?: number } | null | undefined);
    if (state === 'passing' || res.statusCode !== 405 || res.headersSent || (chunk?.length ?? 0) > 0) {
      release();
      return raw.end.apply(this, args as Parameters<ServerResponse['end']>);
    }
    state = 'passing';
    void allowedMethods(local, pathname)
      .then((allow) => {
        const message = `${req.method} is not allowed on ${pathname}${allow ? `; it accepts ${allow}` : ''}.`;
        return sendError(res, new AppError('method_not_allowed', message, allow ? { headers: { Allow: allow } } : {}));
      })
      .catch((error: unknown) => failed(res, error));
    return this;
  } as ServerResponse['end'];
}

/**
 * Once the answer is out, a body still arriving is one nobody will read (a refused upload). Node
 * discards what keeps coming without buffering it; after a short grace the connection is closed, so a
 * client cannot hold it open by sending forever. The grace lets the client read its answer first.
 */
function closeWhenBodyAbandoned(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket;
  res.once('finish', () => {
    if (req.complete) return;
    const timer = setTimeout(() => {
      if (!req.complete) socket.destroy();
    }, ABANDONED_BODY_GRACE_MS).unref();
    const stop = () => {
      clearTimeout(timer);
      req.off('end', stop);
      socket.off('close', stop);
    };
    req.once('end', stop);
    socket.once('close', stop);
  });
}

/**
 * The launcher's gate for `/api` requests, before Next sees them. It answers itself (and returns true)
 * when the declared `Content-Length` is over the API's body limit: `413` with the envelope, without
 * reading a byte of the body (Next could buffer it). Otherwise it lets Next answer (returns false), but
 * turns Next's bare `405` into the envelope with `Allow`, and closes connections whose refused body keeps
 * coming. Anything outside `/api` is left alone.
 */
export function guardApiRequest(req: IncomingMessage, res: ServerResponse): boolean {
  const pathname = apiPathname(req.url);
  if (!pathname) return false;
  closeWhenBodyAbandoned(req, res);
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    getLogger().info({ method: req.method, path: pathname, contentLength: declared, status: 413 }, 'request body too large; refused unread');
    sendError(res, bodyTooLarge()).catch((error: unknown) => failed(res, error));
    return true;
  }
  if (req.headers[ALLOW_PROBE_HEADER] === undefined) dressBareMethodNotAllowed(req, res, pathname);
  return false;
}
