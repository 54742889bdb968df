import { expect, test } from '@playwright/test';
import { userWithToken } from '../fixtures';

/*
 * Who may validate and read validations, and the error envelope of each refusal. The api project runs
 * before the suite's only migration run (e2e/ui/zz-migration-run.spec.ts), so no run exists here: an
 * operator's validate gets past authorization and is answered 404 (nothing to validate) — it is
 * e2e/ui/zzb-validation.spec.ts that validates for real, once the run has completed.
 */

const tokens: Record<'viewer' | 'operator' | 'admin', string> = { viewer: '', operator: '', admin: '' };
test.beforeAll(() => {
  tokens.viewer = userWithToken(`validation-viewer-${Date.now()}@ferry.test`, 3);
  tokens.operator = userWithToken(`validation-operator-${Date.now()}@ferry.test`, 2);
  tokens.admin = userWithToken(process.env.FERRY_E2E_ADMIN_EMAIL as string, 1);
});
const bearer = (who: keyof typeof tokens) => ({ Authorization: `Bearer ${tokens[who]}` });

type Case = { call: string; who: keyof typeof tokens | null; status: number; code?: string; data?: unknown; message?: RegExp };

const cases: Case[] = [
  { call: 'POST /api/migration/validate', who: null, status: 401, code: 'unauthorized', data: {} },
  { call: 'POST /api/migration/validate', who: 'viewer', status: 403, code: 'forbidden', data: {} },
  { call: 'POST /api/migration/validate', who: 'operator', status: 404, code: 'not_found', data: {}, message: /No migration has run yet/ },
  { call: 'POST /api/migration/validate', who: 'admin', status: 404, code: 'not_found', data: { runId: '00000000-0000-4000-8000-000000000000' }, message: /No such run/ },
  { call: 'POST /api/migration/validate', who: 'operator', status: 400, code: 'bad_request', data: { runId: 'not-a-uuid' } },
  { call: 'POST /api/migration/validate', who: 'operator', status: 400, code: 'bad_request', data: { everything: true } },
  { call: 'GET /api/migration/validations', who: null, status: 401, code: 'unauthorized' },
  { call: 'GET /api/migration/validations', who: 'viewer', status: 403, code: 'forbidden' },
  { call: 'GET /api/migration/validations?limit=0', who: 'operator', status: 400, code: 'bad_request' },
  { call: 'GET /api/migration/validations?runId=nope', who: 'operator', status: 400, code: 'bad_request' },
  { call: 'GET /api/migration/validations/00000000-0000-4000-8000-000000000000', who: 'operator', status: 404, code: 'not_found', message: /No such validation/ },
  { call: 'GET /api/migration/validations/not-a-uuid', who: 'operator', status: 404, code: 'not_found' },
  { call: 'GET /api/migration/validations/00000000-0000-4000-8000-000000000000', who: 'viewer', status: 403, code: 'forbidden' },
];

test.describe('who may validate, and how refusals look', () => {
  for (const c of cases) {
    test(`${c.call}${c.data !== undefined ? ` ${JSON.stringify(c.data)}` : ''} as ${c.who ?? 'nobody'} → ${c.status}`, async ({ request }) => {
      const [method, path] = c.call.split(' ') as ['GET' | 'POST', string];
      const headers = c.who ? bearer(c.who) : {};
      const response = method === 'GET' ? await request.get(path, { headers }) : await request.post(path, { headers, data: c.data ?? {} });
      expect(response.status()).toBe(c.status);
      const body = await response.json();
      expect(body).toEqual({ error: { code: c.code, message: expect.any(String), ...(c.code === 'bad_request' ? { details: expect.any(Array) } : {}) } });
      if (c.message) expect(body.error.message).toMatch(c.message);
      // A refused call starts no validation.
      const list = await request.get('/api/migration/validations', { headers: bearer('operator') });
      expect(await list.json()).toEqual({ validations: [] });
    });
  }
});

test('GET /api/migration/validations as an operator: no validation before any run', async ({ request }) => {
  const response = await request.get('/api/migration/validations?limit=5', { headers: bearer('operator') });
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ validations: [] });
});
