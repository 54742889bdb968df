import { expect, test, type APIRequestContext } from '@playwright/test';
import { userWithToken } from '../fixtures';
import type { SchemaRunResponse, SchemaStatusResponse } from '../../lib/shared/contracts/schema';

/*
 * The e2e server and its database are shared by every spec: these tests start from whatever state the
 * schema is in, roll it back to empty themselves, and leave it fully applied.
 */

const tokens: Record<'viewer' | 'operator' | 'admin', string> = { viewer: '', operator: '', admin: '' };
test.beforeAll(() => {
  tokens.viewer = userWithToken(`schema-viewer-${Date.now()}@ferry.test`, 3);
  tokens.operator = userWithToken(`schema-operator-${Date.now()}@ferry.test`, 2);
  tokens.admin = userWithToken(process.env.FERRY_E2E_ADMIN_EMAIL as string, 1);
});
const bearer = (who: keyof typeof tokens) => ({ Authorization: `Bearer ${tokens[who]}` });
const adminEmail = process.env.FERRY_E2E_ADMIN_EMAIL as string;

async function schemaStatus(request: APIRequestContext): Promise<SchemaStatusResponse> {
  const response = await request.get('/api/schema', { headers: bearer('admin') });
  expect(response.status()).toBe(200);
  return response.json();
}

/** The state a run must not touch: the ledger, pending list, problems and lock (not when it was read). */
const comparable = (s: SchemaStatusResponse) => ({ applied: s.applied, pending: s.pending, problems: s.problems, lint: s.lint, lock: s.lock });

async function post(request: APIRequestContext, path: string, data: unknown, who: keyof typeof tokens = 'admin') {
  const response = await request.post(path, { headers: bearer(who), data });
  return { status: response.status(), body: await response.json() };
}

test.describe('who may read and change the schema', () => {
  const cases = [
    { call: 'GET /api/schema', who: null, status: 401, code: 'unauthorized' },
    { call: 'GET /api/schema', who: 'viewer', status: 403, code: 'forbidden' },
    { call: 'GET /api/schema', who: 'operator', status: 200 },
    { call: 'POST /api/schema/migrate', who: null, status: 401, code: 'unauthorized', data: {} },
    { call: 'POST /api/schema/migrate', who: 'viewer', status: 403, code: 'forbidden', data: {} },
    { call: 'POST /api/schema/migrate', who: 'operator', status: 403, code: 'forbidden', data: { dryRun: true } },
    { call: 'POST /api/schema/rollback', who: 'operator', status: 403, code: 'forbidden', data: { dryRun: true } },
    { call: 'POST /api/schema/migrate', who: 'admin', status: 400, code: 'bad_request', data: { dryRun: true, force: true } },
    { call: 'POST /api/schema/migrate', who: 'admin', status: 400, code: 'bad_request', data: { dryRun: 'yes' } },
    { call: 'POST /api/schema/rollback', who: 'admin', status: 400, code: 'bad_request', data: { to: 3, dryRun: true } },
    { call: 'POST /api/schema/rollback', who: 'admin', status: 400, code: 'bad_request', data: { dryRun: true, steps: 2 } },
  ] as const;
  for (const c of cases) {
    test(`${c.call} ${'data' in c ? JSON.stringify(c.data) + ' ' : ''}as ${c.who ?? 'nobody'} → ${c.status}`, async ({ request }) => {
      const [method, path] = c.call.split(' ') as ['GET' | 'POST', string];
      const headers = c.who ? bearer(c.who) : {};
      const response = method === 'GET' ? await request.get(path, { headers }) : await request.post(path, { headers, data: 'data' in c ? c.data : {} });
      expect(response.status()).toBe(c.status);
      const body = await response.json();
      if ('code' in c) {
        expect(body.error).toMatchObject({ code: c.code, message: expect.any(String) });
        if (c.code === 'bad_request') expect(body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ message: expect.any(String) })]));
      } else {
        expect(body).toMatchObject({ set: 'schema', applied: expect.any(Array), pending: expect.any(Array), problems: [], lint: { errors: 0 }, checkedAt: expect.any(String) });
      }
    });
  }
});

test.describe('migrate and roll back through the API', () => {
  test.describe.configure({ mode: 'serial' });
  let ids: string[] = [];

  test.beforeAll(async ({ request }) => {
    const status = await schemaStatus(request);
    ids = [...status.applied, ...status.pending].map((m) => m.id);
    const first = status.applied[0];
    if (first) expect((await post(request, '/api/schema/rollback', { to: first.id })).status).toBe(200);
  });

  test.afterAll(async ({ request }) => {
    // Whatever happened above, leave the schema fully applied for the specs that follow.
    await request.post('/api/schema/migrate', { headers: bearer('admin'), data: {} });
  });

  test('a dry run with a Level-1 token returns each pending migration’s SQL and changes nothing', async ({ request }) => {
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const before = await schemaStatus(request);
    expect(before.applied).toEqual([]);
    expect(before.pending.map((p) => p.id)).toEqual(ids);
    const { status, body } = await post(request, '/api/schema/migrate', { dryRun: true });
    expect(status).toBe(200);
    const run = body as SchemaRunResponse;
    expect(run).toMatchObject({ ok: true, dryRun: true, direction: 'up', actor: adminEmail });
    expect(run.steps.map((s) => s.id)).toEqual(ids);
    expect(run.steps.every((s) => s.ok && s.error === null && s.statements.length > 0)).toBe(true);
    expect(run.steps[0]?.statements.join('\n')).toContain('CREATE TABLE companies');
    expect(comparable(await schemaStatus(request))).toEqual(comparable(before));
  });

  test('migrate applies every pending migration as the token’s user; a second migrate applies nothing', async ({ request }) => {
    const { status, body } = await post(request, '/api/schema/migrate', {});
    expect(status).toBe(200);
    expect((body as SchemaRunResponse).steps.map((s) => [s.id, s.ok])).toEqual(ids.map((id) => [id, true]));
    const after = await schemaStatus(request);
    expect(after.pending).toEqual([]);
    expect(after.applied.map((a) => a.id)).toEqual(ids);
    for (const a of after.applied) {
      expect(a).toMatchObject({ appliedBy: adminEmail, checksum: expect.stringMatching(/^[0-9a-f]{12}$/), isEdited: false, isMissing: false });
      expect(Date.parse(a.appliedAt)).not.toBeNaN();
      expect(a.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(after.lock).toBeNull();
    const again = await post(request, '/api/schema/migrate', {});
    expect(again).toMatchObject({ status: 200, body: { ok: true, steps: [] } });
  });

  test('rollback { to: <3rd id> } rolls back exactly the 3rd and every later one, newest first; then migrate again', async ({ request }) => {
    const third = ids[2] as string;
    const plan = await post(request, '/api/schema/rollback', { to: third, dryRun: true });
    expect(plan.status).toBe(200);
    expect((plan.body as SchemaRunResponse).steps.map((s) => s.id)).toEqual(ids.slice(2).reverse());
    expect((plan.body as SchemaRunResponse).steps[0]?.statements.join('\n')).toMatch(/DROP TABLE/);
    expect((await schemaStatus(request)).pending).toEqual([]);

    const { status, body } = await post(request, '/api/schema/rollback', { to: third });
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, dryRun: false, direction: 'down', actor: adminEmail });
    expect((body as SchemaRunResponse).steps.map((s) => s.id)).toEqual(ids.slice(2).reverse());
    const rolledBack = await schemaStatus(request);
    expect(rolledBack.applied.map((a) => a.id)).toEqual(ids.slice(0, 2));
    expect(rolledBack.pending.map((p) => p.id)).toEqual(ids.slice(2));

    const again = await post(request, '/api/schema/migrate', {});
    expect(again.status).toBe(200);
    expect((again.body as SchemaRunResponse).steps.map((s) => s.id)).toEqual(ids.slice(2));
    expect((await schemaStatus(request)).applied.map((a) => a.id)).toEqual(ids);
  });

  test('rolling back to a migration that is not applied is 404 in the error envelope, and changes nothing', async ({ request }) => {
    const before = await schemaStatus(request);
    const { status, body } = await post(request, '/api/schema/rollback', { to: '9999_not_a_migration' });
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: 'not_found', message: expect.stringContaining('9999_not_a_migration is not applied') } });
    expect(comparable(await schemaStatus(request))).toEqual(comparable(before));
  });
});
