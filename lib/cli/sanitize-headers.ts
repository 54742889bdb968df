import type { IncomingMessage } from 'node:http';
import { CLIENT_ADDRESS_HEADER } from '../server/http/request-info';

const FORWARDED = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'x-real-ip', 'forwarded'];

/**
 * Decides the client address from the socket, never from what the client claims: forwarded headers are
 * dropped unless TRUST_PROXY is set (Ferry behind one reverse proxy), in which case the last
 * X-Forwarded-For entry — the one that proxy appended — is used (earlier entries are the client's to
 * forge). Login throttling and the audit trail read the result.
 */
export function sanitizeForwardedHeaders(req: IncomingMessage, trustProxy: boolean): void {
  const socketAddress = req.socket.remoteAddress ?? 'unknown';
  let address = socketAddress;
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',').at(-1)?.trim();
    if (last) address = last;
  } else {
    for (const name of FORWARDED) delete req.headers[name];
  }
  req.headers[CLIENT_ADDRESS_HEADER] = address.replace(/^::ffff:/, '');
}
