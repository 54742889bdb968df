import crypto from 'node:crypto';

/** Header the launcher's HTTP server sets from the socket (or, with TRUST_PROXY, from X-Forwarded-For). */
export const CLIENT_ADDRESS_HEADER = 'x-ferry-client-address';

type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | null {
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(n: string): string | null }).get(name);
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

/** The caller's address as the launcher saw it; never a client-supplied header. */
export function clientAddress(headers: HeaderSource): string {
  return header(headers, CLIENT_ADDRESS_HEADER)?.slice(0, 100) || 'unknown';
}

/** The token of an `Authorization: Bearer <token>` header, or null (no header, or not of that form). */
export function bearerToken(authorization: string | null | undefined): string | null {
  return (authorization && /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1]) || null;
}

/** A request id: the caller's `x-request-id` when it is a plain short token, else a new one. */
export function requestId(headers: HeaderSource): string {
  const given = header(headers, 'x-request-id');
  return given && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : crypto.randomUUID();
}

/**
 * True when a cookie-authenticated state-changing request comes from this site: its `Origin` (or, when
 * a browser sent none, `Sec-Fetch-Site`) must match the host it was sent to. Bearer-token calls are not
 * subject to this (a cross-site page cannot attach them).
 */
export function isSameOrigin(headers: HeaderSource): boolean {
  const origin = header(headers, 'origin');
  const host = header(headers, 'host');
  if (origin) {
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  }
  return header(headers, 'sec-fetch-site') === 'same-origin';
}
