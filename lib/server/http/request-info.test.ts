import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { sanitizeForwardedHeaders } from '../../cli/sanitize-headers';
import { clientAddress, isSameOrigin, requestId } from './request-info';

const headers = (h: Record<string, string>) => new Headers(h);

describe('isSameOrigin', () => {
  it('accepts the console’s own origin and refuses others', () => {
    expect(isSameOrigin(headers({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }))).toBe(true);
    expect(isSameOrigin(headers({ host: '127.0.0.1:3000', origin: 'https://evil.example' }))).toBe(false);
    expect(isSameOrigin(headers({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3001' }))).toBe(false);
    expect(isSameOrigin(headers({ host: '127.0.0.1:3000', origin: 'null' }))).toBe(false);
  });
  it('falls back to Sec-Fetch-Site, and refuses when neither says same-origin', () => {
    expect(isSameOrigin(headers({ host: 'a', 'sec-fetch-site': 'same-origin' }))).toBe(true);
    expect(isSameOrigin(headers({ host: 'a', 'sec-fetch-site': 'cross-site' }))).toBe(false);
    expect(isSameOrigin(headers({ host: 'a' }))).toBe(false);
  });
});

describe('client address', () => {
  const req = (h: Record<string, string>, remoteAddress = '::ffff:10.1.2.3') => ({ headers: { ...h }, socket: { remoteAddress } }) as unknown as IncomingMessage;

  it('comes from the socket; spoofed forwarding headers are dropped', () => {
    const r = req({ 'x-forwarded-for': '6.6.6.6', 'x-ferry-client-address': '7.7.7.7', 'x-real-ip': '8.8.8.8' });
    sanitizeForwardedHeaders(r, false);
    expect(clientAddress(r.headers as Record<string, string>)).toBe('10.1.2.3');
    expect(r.headers['x-forwarded-for']).toBeUndefined();
    expect(r.headers['x-real-ip']).toBeUndefined();
  });
  it('behind a trusted proxy, is the entry that proxy appended (the last), not what the client claimed', () => {
    const r = req({ 'x-forwarded-for': '6.6.6.6, 203.0.113.5' });
    sanitizeForwardedHeaders(r, true);
    expect(clientAddress(r.headers as Record<string, string>)).toBe('203.0.113.5');
  });
});

describe('requestId', () => {
  it('keeps a plain caller id and replaces anything else', () => {
    expect(requestId(headers({ 'x-request-id': 'abc-12345' }))).toBe('abc-12345');
    expect(requestId(headers({ 'x-request-id': 'bad id; drop' }))).toMatch(/^[0-9a-f-]{36}$/);
  });
});
