import { expect, test, type APIRequestContext } from '@playwright/test';
import { userWithToken } from '../fixtures';
import type { MigrationProgress, MigrationStatus } from '../../lib/shared/contracts/migration';
import type { MigrationPlan } from '../../lib/shared/contracts/plan';
import type { SchemaStatusResponse } from '../../lib/shared/contracts/schema';

/*
 * Who may plan, start, stop and watch a migration, and the error envelope of each refusal. Nothing here
 * may start a run: the only run of the suite belongs to e2e/ui/zz-migration-run.spec.ts, which runs last.
 */

const tokens: Record<'viewer' | 'operator' | 'admin', string> = { viewer: '', operator: '', admin: '' };
test.beforeAll(() => {
  tokens.viewer = userWithToken(`migration-viewer-${Date.now()}@ferry.test`, 3);
  tokens.operator = userWithToken(`migration-operator-${Date.now()}@ferry.test`, 2);
  tokens.admin = userWithToken(process.env.FERRY_E2E_ADMIN_EMAIL as string, 1);
});
const bearer = (who: keyof typeof tokens) => ({ Authorization: `Bearer ${tokens[who]}` });

async function status(request: APIRequestContext): Promise<MigrationStatus> {
  const response = await request.get('/api/migration/status', { headers: bearer('viewer') });
  expect(response.status()).toBe(200);
  return response.json();
}

type Case = { call: string; who: keyof typeof tokens | null; status: number; code?: string; data?: unknown; check?: (body: unknown) => void };

const cases: Case[] = [
  { call: 'GET /api/migration/plan', who: null, status: 401, code: 'unauthorized' },
  { call: 'GET /api/migration/plan', who: 'viewer', status: 403, code: 'forbidden' },
  {
    call: 'GET /api/migration/plan', who: 'operator', status: 200,
    check: (body) => {
      const plan = body as MigrationPlan;
      expect(plan).toMatchObject({ legacyDir: expect.any(String), ready: expect.any(Boolean), blockers: expect.any(Array), warnings: expect.any(Array) });
      expect(plan.collections.length).toBe(plan.totals.collections);
      expect(plan.collections.reduce((sum, c) => sum + c.live, 0)).toBe(plan.totals.records);
      expect(plan.collections.map((c) => c.name)).toEqual(expect.arrayContaining(['leads', 'companies', 'admin-users']));
    },
  },
  { call: 'POST /api/migration/start', who: null, status: 401, code: 'unauthorized', data: {} },
  { call: 'POST /api/migration/start', who: 'viewer', status: 403, code: 'forbidden', data: {} },
  { call: 'POST /api/migration/start', who: 'operator', status: 403, code: 'forbidden', data: {} },
  { call: 'POST /api/migration/start', who: 'admin', status: 400, code: 'bad_request', data: { force: true } },
  { call: 'POST /api/migration/stop', who: 'operator', status: 403, code: 'forbidden', data: {} },
  { call: 'POST /api/migration/stop', who: 'admin', status: 400, code: 'bad_request', data: { now: true } },
  { call: 'GET /api/migration/progress', who: null, status: 401, code: 'unauthorized' },
  { call: 'GET /api/migration/progress', who: 'viewer', status: 403, code: 'forbidden' },
  { call: 'GET /api/migration/progress?runId=not-a-uuid', who: 'operator', status: 404, code: 'not_found' },
  { call: 'GET /api/migration/progress?runId=00000000-0000-4000-8000-000000000000', who: 'operator', status: 404, code: 'not_found' },
  {
    call: 'GET /api/migration/status', who: 'viewer', status: 200,
    check: (body) => expect(body).toMatchObject({ mode: expect.stringMatching(/^(legacy|hybrid|new)$/), legacy: { collections: expect.any(Number), records: expect.any(Number) }, new: { records: expect.any(Number) } }),
  },
  { call: 'GET /api/migration/quarantine', who: 'viewer', status: 403, code: 'forbidden' },
  { call: 'GET /api/migration/quarantine?limit=0', who: 'operator', status: 400, code: 'bad_request' },
  { call: 'GET /api/migration/logs?level=loud', who: 'operator', status: 400, code: 'bad_request' },
  { call: 'GET /api/migration/logs', who: 'viewer', status: 403, code: 'forbidden' },
];

test.describe('who may plan, start, stop and watch a migration', () => {
  for (const c of cases) {
    test(`${c.call}${c.data !== undefined ? ` ${JSON.stringify(c.data)}` : ''} as ${c.who ?? 'nobody'} → ${c.status}`, async ({ request }) => {
      const before = await status(request);
      const [method, path] = c.call.split(' ') as ['GET' | 'POST', string];
      const headers = c.who ? bearer(c.who) : {};
      const response = method === 'GET' ? await request.get(path, { headers }) : await request.post(path, { headers, data: c.data ?? {} });
      expect(response.status()).toBe(c.status);
      const body = await response.json();
      if (c.code) {
        expect(body).toEqual({ error: { code: c.code, message: expect.any(String), ...(c.code === 'bad_request' ? { details: expect.any(Array) } : {}) } });
        if (c.code === 'bad_request') expect(body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ message: expect.any(String) })]));
      }
      c.check?.(body);
      // A refused call changes no run.
      const after = await status(request);
      expect({ active: after.activeRun, last: after.lastRun }).toEqual({ active: before.activeRun, last: before.lastRun });
    });
  }
});

test('GET /api/migration/progress without a run id: a 404 envelope before any run, else the newest run', async ({ request }) => {
  const response = await request.get('/api/migration/progress', { headers: bearer('operator') });
  const body = await response.json();
  const { activeRun, lastRun } = await status(request);
  if (!activeRun && !lastRun) {
    expect(response.status()).toBe(404);
    expect(body).toEqual({ error: { code: 'not_found', message: 'No migration has run yet.' } });
  } else {
    expect(response.status()).toBe(200);
    const progress = body as MigrationProgress;
    expect(progress.runId).toBe((activeRun ?? lastRun)?.runId);
    expect(progress).toMatchObject({ state: expect.any(String), percentage: expect.any(Number), collections: expect.any(Array), throughput: expect.any(Array) });
  }
});

test('POST /api/migration/stop with no active run is a 409 conflict', async ({ request }) => {
  expect((await status(request)).activeRun).toBeNull(); // the api project runs before the ui project's migration run
  const response = await request.post('/api/migration/stop', { headers: bearer('admin'), data: {} });
  expect(response.status()).toBe(409);
  expect(await response.json()).toEqual({ error: { code: 'conflict', message: 'No migration run is active.' } });
});

test.describe('a plan with blockers refuses to start', () => {
  test.describe.configure({ mode: 'serial' });

  async function schema(request: APIRequestContext): Promise<SchemaStatusResponse> {
    const response = await request.get('/api/schema', { headers: bearer('admin') });
    expect(response.status()).toBe(200);
    return response.json();
  }

  test.beforeAll(async ({ request }) => {
    // Rolling the schema back is only possible while no run has put rows in the typed tables: the api
    // project runs before the ui project (playwright.config.ts), whose last spec runs the migration.
    const { activeRun, lastRun } = await status(request);
    expect(activeRun ?? lastRun).toBeNull();
    const first = (await schema(request)).applied[0];
    if (first) expect((await request.post('/api/schema/rollback', { headers: bearer('admin'), data: { to: first.id } })).status()).toBe(200);
  });

  test.afterAll(async ({ request }) => {
    // Leave the schema fully applied for the specs that follow.
    await request.post('/api/schema/migrate', { headers: bearer('admin'), data: {} });
  });

  test('without the typed tables, start is 422 with the plan’s blockers in details, and no run is created', async ({ request }) => {
    const plan = (await (await request.get('/api/migration/plan', { headers: bearer('admin') })).json()) as MigrationPlan;
    expect(plan.ready).toBe(false);
    expect(plan.blockers.map((b) => [b.code, b.collection])).toEqual(expect.arrayContaining([['target_table_missing', 'companies'], ['target_table_missing', 'leads']]));

    const response = await request.post('/api/migration/start', { headers: bearer('admin'), data: {} });
    expect(response.status()).toBe(422);
    const body = await response.json();
    expect(body.error).toMatchObject({ code: 'unprocessable', message: expect.stringContaining('blocker') });
    expect(body.error.details.blockers).toEqual(plan.blockers);
    expect(await status(request)).toMatchObject({ activeRun: null, lastRun: null });
    expect((await request.get('/api/migration/progress', { headers: bearer('admin') })).status()).toBe(404);
  });
});
