import { expect, test } from '@playwright/test';
import { userWithToken } from '../fixtures';

const noAuth = {};

/** Tokens are minted by the real CLI once the server runs (never at collection time). */
const tokens: Record<'viewer' | 'admin', string> = { viewer: '', admin: '' };
test.beforeAll(() => {
  tokens.viewer = userWithToken(`viewer-${Date.now()}@ferry.test`, 3);
  tokens.admin = userWithToken(process.env.FERRY_E2E_ADMIN_EMAIL as string, 1);
});
const bearer = (who: keyof typeof tokens) => ({ Authorization: `Bearer ${tokens[who]}` });

test.describe('a protected route answers 401 / 403 / 200 by caller', () => {
  const cases = [
    { who: 'no token', headers: () => noAuth, status: 401, code: 'unauthorized' },
    { who: 'a malformed token', headers: () => ({ Authorization: 'Bearer fry_not-a-real-token' }), status: 401, code: 'unauthorized' },
    { who: 'a Level-3 token', headers: () => bearer('viewer'), status: 403, code: 'forbidden' },
    { who: 'a Level-1 token', headers: () => bearer('admin'), status: 200 },
  ];
  for (const c of cases) {
    test(`GET /api/users with ${c.who} → ${c.status}`, async ({ request }) => {
      const response = await request.get('/api/users', { headers: c.headers() });
      expect(response.status()).toBe(c.status);
      const body = await response.json();
      if (c.code) expect(body).toEqual({ error: { code: c.code, message: expect.any(String) } });
      else expect(body.users.some((u: { email: string }) => u.email === process.env.FERRY_E2E_ADMIN_EMAIL)).toBe(true);
    });
  }

  test('a Level-3 token may read /api/me but not create users', async ({ request }) => {
    const me = await request.get('/api/me', { headers: bearer('viewer') });
    expect(await me.json()).toMatchObject({ level: 3, via: 'token' });
    const create = await request.post('/api/users', { headers: bearer('viewer'), data: { email: 'x@y.z', name: 'x', level: 1, password: 'long-enough-password' } });
    expect(create.status()).toBe(403);
  });
});

test('GET /api/health is public and says only whether Ferry and its database are up', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ ok: true, version: expect.any(String), database: 'up' });
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
});

test('pages carry a nonce-based CSP that forbids framing', async ({ request }) => {
  const response = await request.get('/login');
  const csp = response.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(response.headers()['referrer-policy']).toBe('strict-origin-when-cross-origin');
});

test('invalid input is refused with every problem listed', async ({ request }) => {
  const response = await request.post('/api/users', { headers: bearer('admin'), data: { email: 'not-an-email', level: 7, password: 'short', extra: true } });
  expect(response.status()).toBe(400);
  const body = await response.json();
  expect(body.error.code).toBe('bad_request');
  const paths = body.error.details.map((d: { path: string }) => d.path);
  expect(paths).toEqual(expect.arrayContaining(['email', 'name', 'level', 'password']));
  expect(JSON.stringify(body)).not.toContain('short'); // the password is not echoed
});
