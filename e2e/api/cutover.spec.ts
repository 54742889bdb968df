import os from 'node:os';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { userWithToken } from '../fixtures';
import { mentions, visibleText } from '../text-scan';
import { ORGANIZATIONS } from '../../lib/server/demo/demo-catalog';

/*
 * The cutover's API (issue 9) before any migration run: the query adapter on the demo store (legacy and
 * hybrid, which falls back to legacy because Nile holds nothing yet), the mode switch and its promotion
 * gate, detailed health, share links of the status page, and the logs with filters and CSV. Leaves the
 * adapter in `legacy`.
 */
const callers = { viewer: '', operator: '', admin: '' };
test.beforeAll(() => {
  const stamp = Date.now();
  callers.viewer = userWithToken(`cutover-viewer-${stamp}@ferry.test`, 3);
  callers.operator = userWithToken(`cutover-operator-${stamp}@ferry.test`, 2);
  callers.admin = userWithToken(process.env.FERRY_E2E_ADMIN_EMAIL as string, 1);
});
test.afterAll(async ({ request }) => {
  await request.put('/api/migration/mode', { headers: as('admin'), data: { mode: 'legacy' } });
});
const as = (who: keyof typeof callers) => ({ Authorization: `Bearer ${callers[who]}` });
const envelope = (code: string) => ({ error: { code, message: expect.any(String) } });


async function firstLead(request: APIRequestContext): Promise<{ _id: string; tenantId: string }> {
  const page = await request.get('/api/data/leads?tenant=org_acme&limit=2', { headers: as('operator') });
  expect(page.status()).toBe(200);
  const body = await page.json();
  expect(body).toMatchObject({ source: 'legacy', fallback: false, items: [expect.any(Object), expect.any(Object)], next: expect.any(String) });
  return body.items[0];
}

test('the adapter answers legacy documents by id and by page, and refuses what it cannot answer', async ({ request }) => {
  const lead = await firstLead(request);
  const one = await request.get(`/api/data/leads/${encodeURIComponent(lead._id)}?tenant=org_acme`, { headers: as('operator') });
  expect(await one.json()).toEqual({ source: 'legacy', fallback: false, document: lead });
  const admin = await request.get('/api/data/admin-users?limit=1', { headers: as('operator') });
  expect((await admin.json()).items).toHaveLength(1);
  const cases: [string, number, string][] = [
    ['/api/data/no-such-collection?tenant=org_acme', 404, 'not_found'],
    ['/api/data/leads', 400, 'bad_request'],
    ['/api/data/leads?tenant=org_acme&limit=0', 400, 'bad_request'],
    ['/api/data/leads?tenant=org_acme&unknown=1', 400, 'bad_request'],
    [`/api/data/leads/${encodeURIComponent(lead._id)}?tenant=org_globex`, 404, 'not_found'],
    ['/api/data/leads/does-not-exist?tenant=org_acme', 404, 'not_found'],
    [`/api/data/leads/${'x'.repeat(600)}?tenant=org_acme`, 400, 'bad_request'],
  ];
  for (const [path, status, code] of cases) {
    const response = await request.get(path, { headers: as('operator') });
    expect(response.status(), path).toBe(status);
    expect(await response.json(), path).toMatchObject(envelope(code));
  }
  expect((await request.get('/api/data/leads?tenant=org_acme', { headers: as('viewer') })).status()).toBe(403);
  expect((await request.get('/api/data/leads?tenant=org_acme')).status()).toBe(401);
});

test('PUT /api/migration/mode: level 1, strict body, hybrid falls back to legacy while Nile lacks the record, promotion refused without a validation', async ({ request }) => {
  expect((await request.put('/api/migration/mode', { data: { mode: 'hybrid' } })).status()).toBe(401);
  expect((await request.put('/api/migration/mode', { headers: as('operator'), data: { mode: 'hybrid' } })).status()).toBe(403);
  const lead = await firstLead(request);
  for (const data of [{ mode: 'sideways' }, { mode: 'hybrid', extra: true }, {}]) {
    const bad = await request.put('/api/migration/mode', { headers: as('admin'), data });
    expect(bad.status(), JSON.stringify(data)).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'bad_request', details: expect.any(Array) } });
  }
  const hybrid = await request.put('/api/migration/mode', { headers: as('admin'), data: { mode: 'hybrid' } });
  expect(hybrid.status()).toBe(200);
  expect(await hybrid.json()).toEqual({ mode: 'hybrid', preferNew: true, fallbackEnabled: true });
  // Nile holds nothing yet: the record and the page both come from legacy, as fallbacks.
  const one = await request.get(`/api/data/leads/${encodeURIComponent(lead._id)}?tenant=org_acme`, { headers: as('operator') });
  expect(await one.json()).toEqual({ source: 'legacy', fallback: true, document: lead });
  const page = await request.get('/api/data/leads?tenant=org_acme&limit=1', { headers: as('operator') });
  expect(await page.json()).toMatchObject({ source: 'legacy', fallback: true, items: [lead] });
  const stats = await (await request.get('/api/migration/adapter', { headers: as('operator') })).json();
  expect(stats).toMatchObject({ mode: 'hybrid', fallbacks: expect.any(Number), promotion: { allowed: false } });
  expect(stats.fallbacks).toBeGreaterThanOrEqual(1);

  const refused = await request.put('/api/migration/mode', { headers: as('admin'), data: { mode: 'new' } });
  expect(refused.status()).toBe(409);
  const body = await refused.json();
  expect(body).toMatchObject({ error: { code: 'conflict', details: { reasons: expect.arrayContaining([expect.stringContaining('validation')]) } } });
  expect((await (await request.get('/api/migration/status', { headers: as('viewer') })).json()).mode).toBe('hybrid');
  const back = await request.put('/api/migration/mode', { headers: as('admin'), data: { mode: 'legacy' } });
  expect(await back.json()).toMatchObject({ mode: 'legacy' });
});

test('GET /api/health stays public and minimal; /api/health/detailed and /history are level 2', async ({ request }) => {
  expect(Object.keys(await (await request.get('/api/health')).json()).sort()).toEqual(['database', 'ok', 'version']);
  expect((await request.get('/api/health/detailed')).status()).toBe(401);
  expect((await request.get('/api/health/detailed', { headers: as('viewer') })).status()).toBe(403);
  const detailed = await (await request.get('/api/health/detailed', { headers: as('operator') })).json();
  expect(detailed).toMatchObject({ database: { up: true, latencyMs: expect.any(Number) }, pool: { max: expect.any(Number) }, legacy: { readable: true }, disk: { freeBytes: expect.any(Number) } });
  expect(detailed.workers.some((w: { state: string }) => w.state === 'alive')).toBe(true);
  expect(detailed.locks).toEqual(expect.arrayContaining([expect.objectContaining({ lock: 'monitor', name: 'leader', granted: true })]));
  const history = await (await request.get('/api/health/history', { headers: as('operator') })).json();
  expect(history).toMatchObject({ intervalSeconds: expect.any(Number), samples: expect.any(Array), alerts: { active: expect.any(Array), past: expect.any(Array) } });
});

test('a share link shows the status signed out, holds no PII, and stops working once revoked', async ({ request }) => {
  expect((await request.post('/api/status/links', { headers: as('operator'), data: { label: 'x' } })).status()).toBe(403);
  const created = await request.post('/api/status/links', { headers: as('admin'), data: { label: 'Board' } });
  expect(created.status()).toBe(201);
  const link = await created.json();
  expect(link).toMatchObject({ id: expect.any(String), token: expect.stringMatching(/^fst_/), url: expect.stringMatching(/\/status\/fst_/), label: 'Board' });
  expect(JSON.stringify(await (await request.get('/api/status/links', { headers: as('admin') })).json())).not.toContain(link.token);

  expect((await request.get('/api/status/shared')).status()).toBe(404);
  const read = async () => {
    const shared = await request.get('/api/status/shared', { headers: { 'X-Status-Token': link.token } });
    expect(shared.status()).toBe(200);
    return shared.json();
  };
  // The summary is computed at most once a second: the previous test's hybrid switch may still show.
  await expect.poll(async () => (await read()).mode).toBe('legacy');
  const status = await read();
  expect(status).toMatchObject({ phase: 'planning', mode: 'legacy', headline: expect.any(String), updatedAt: expect.any(String) });
  const page = await (await request.get(new URL(link.url).pathname)).text(); // signed out: no cookies, no token header
  expect(page).toContain(status.headline);
  // The answer and the whole page (its payload included) name no person, tenant, directory or SQL; the
  // host name (possibly a short word) is looked for as a word in the answer and in what the page shows.
  for (const text of [JSON.stringify(status), page]) {
    for (const secret of [process.env.FERRY_E2E_ADMIN_EMAIL as string, ...ORGANIZATIONS.map((o) => o.name), ...ORGANIZATIONS.map((o) => o.key), 'SELECT ', process.env.FERRY_E2E_DATA_DIR as string]) {
      expect(text.includes(secret), secret).toBe(false);
    }
  }
  for (const text of [JSON.stringify(status), visibleText(page)]) expect(mentions(text, os.hostname()), os.hostname()).toBe(false);
  const revoked = await request.delete(`/api/status/links/${link.id}`, { headers: as('admin') });
  expect(revoked.status()).toBe(200);
  expect((await revoked.json()).revokedAt).toEqual(expect.any(String));
  expect((await request.get('/api/status/shared', { headers: { 'X-Status-Token': link.token } })).status()).toBe(404);
  expect((await request.get(new URL(link.url).pathname)).status()).toBe(404);
  expect((await request.delete('/api/status/links/00000000-0000-4000-8000-000000000000', { headers: as('admin') })).status()).toBe(404);
});

test('the logs filter the audit trail and download as CSV', async ({ request }) => {
  const link = await (await request.post('/api/status/links', { headers: as('admin'), data: { label: 'Logs' } })).json();
  expect((await request.delete(`/api/status/links/${link.id}`, { headers: as('admin') })).status()).toBe(200);
  const admin = encodeURIComponent(process.env.FERRY_E2E_ADMIN_EMAIL as string);
  const json = await (await request.get(`/api/migration/logs?actor=${admin}&action=status_link.&limit=50`, { headers: as('operator') })).json();
  expect(json.entries.length).toBeGreaterThanOrEqual(2);
  expect(new Set(json.entries.map((e: { action: string }) => e.action))).toEqual(new Set(['status_link.create', 'status_link.revoke']));
  const csv = await request.get(`/api/migration/logs?action=migration.mode&outcome=failure&format=csv`, { headers: as('operator') });
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename="ferry-logs-.*\.csv"$/);
  const lines = (await csv.text()).split('\r\n');
  expect(lines[0]).toBe('at,source,level,actor,action,outcome,status,collection,run_id,message');
  const rows = lines.slice(1).filter(Boolean);
  expect(rows.every((l) => l.includes(',audit,error,') && l.includes(',migration.mode,failure,'))).toBe(true);
  expect(rows.some((l) => l.includes(',migration.mode,failure,409,'))).toBe(true); // the refused promotion
  expect(rows.some((l) => l.includes(',migration.mode,failure,400,'))).toBe(true); // the refused bodies
  expect((await request.get('/api/migration/logs?outcome=maybe', { headers: as('operator') })).status()).toBe(400);
  expect((await request.get('/api/migration/logs?format=csv', { headers: as('viewer') })).status()).toBe(403);
});

test('a viewer reads her status, profile and tokens, and gets 403 from the cutover endpoints', async ({ request }) => {
  for (const path of ['/api/me', '/api/tokens', '/api/migration/status']) expect((await request.get(path, { headers: as('viewer') })).status(), path).toBe(200);
  for (const [method, path] of [['GET', '/api/migration/adapter'], ['GET', '/api/health/detailed'], ['GET', '/api/health/history'], ['GET', '/api/status/links'], ['POST', '/api/status/links'], ['PUT', '/api/migration/mode'], ['GET', '/api/migration/logs'], ['GET', '/api/data/leads?tenant=org_acme']] as const) {
    const response = await request.fetch(path, { method, headers: as('viewer'), data: method === 'GET' ? undefined : {} });
    expect(response.status(), `${method} ${path}`).toBe(403);
  }
});
