import { expect, test } from '@playwright/test';
import { admin } from '../fixtures';

test.use({ storageState: 'e2e/.auth/admin.json' });

test('a cookie-authenticated change from another origin is refused, the same change from the console is allowed', async ({ request, baseURL }) => {
  const evil = await request.post('/api/tokens', { headers: { Origin: 'https://evil.example' }, data: { name: 'csrf' } });
  expect(evil.status()).toBe(403);
  expect((await evil.json()).error.code).toBe('forbidden');
  const same = await request.post('/api/tokens', { headers: { Origin: baseURL as string }, data: { name: 'same-origin' } });
  expect(same.status()).toBe(201);
});

test.describe('login throttling', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('repeated failures for one email get 429 with a retry time', async ({ request }) => {
    const email = `throttled-${Date.now()}@ferry.test`;
    const attempt = async () => {
      const csrf = await (await request.get('/api/auth/csrf')).json();
      return request.post('/api/auth/callback/credentials', { form: { email, password: 'wrong-password', csrfToken: csrf.csrfToken, json: 'true' } });
    };
    for (let i = 0; i < 5; i += 1) expect((await attempt()).status()).not.toBe(429);
    const refused = await attempt();
    expect(refused.status()).toBe(429);
    expect(Number(refused.headers()['retry-after'])).toBeGreaterThan(0);
    const body = await refused.json();
    expect(body.error.code).toBe('too_many_requests');
    expect(body.error.details.retryAfterSeconds).toBeGreaterThan(0);
    // The same refusal for a JSON body and for a path with an extra segment (next-auth accepts both).
    const csrfJson = await (await request.get('/api/auth/csrf')).json();
    const asJson = await request.post('/api/auth/callback/credentials/extra', { data: { email, password: 'wrong-password', csrfToken: csrfJson.csrfToken, json: 'true' } });
    expect(asJson.status()).toBe(429);
    // Another email from the same address is not locked out by these five.
    const csrf = await (await request.get('/api/auth/csrf')).json();
    const other = await request.post('/api/auth/callback/credentials', { form: { email: admin.email, password: admin.password, csrfToken: csrf.csrfToken, json: 'true' } });
    expect(other.status()).toBe(200);
  });
});
