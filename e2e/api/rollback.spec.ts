import { expect, test, type APIRequestContext } from '@playwright/test';
import { userWithToken } from '../fixtures';
import type { MigrationStatus } from '../../lib/shared/contracts/migration';
import type { RollbackList, RollbackTarget } from '../../lib/shared/contracts/rollback';
import type { SnapshotList, SnapshotView } from '../../lib/shared/contracts/snapshots';

/*
 * Snapshots and rollbacks through the API: who may call what, and the envelope of each refusal. No run
 * exists while the api project runs (nothing here starts one), so every rollback is refused: the
 * on-call flow itself is e2e/ui/zzd-rollback.spec.ts, after the suite's migration run.
 */

const tokens: Record<'viewer' | 'operator' | 'admin', string> = { viewer: '', operator: '', admin: '' };
test.beforeAll(() => {
  tokens.viewer = userWithToken(`rollback-viewer-${Date.now()}@ferry.test`, 3);
  tokens.operator = userWithToken(`rollback-operator-${Date.now()}@ferry.test`, 2);
  tokens.admin = userWithToken(process.env.FERRY_E2E_ADMIN_EMAIL as string, 1);
});
const bearer = (who: keyof typeof tokens) => ({ Authorization: `Bearer ${tokens[who]}` });
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

async function runs(request: APIRequestContext): Promise<Pick<MigrationStatus, 'activeRun' | 'lastRun'>> {
  const status = (await (await request.get('/api/migration/status', { headers: bearer('viewer') })).json()) as MigrationStatus;
  return { activeRun: status.activeRun, lastRun: status.lastRun };
}

async function expectError(response: Awaited<ReturnType<APIRequestContext['get']>>, status: number, code: string): Promise<{ error: { message: string; details?: unknown } }> {
  expect(response.status()).toBe(status);
  const body = (await response.json()) as { error: { message: string; details?: unknown } };
  expect(body).toMatchObject({ error: { code, message: expect.any(String) } });
  return body;
}

test('a Level-1 admin takes a snapshot (202), operators follow it to verified, and the admin deletes it', async ({ request }) => {
  test.setTimeout(60_000);
  const before = await runs(request);
  await expectError(await request.post('/api/migration/snapshot', { headers: bearer('operator'), data: {} }), 403, 'forbidden');
  await expectError(await request.post('/api/migration/snapshot', { headers: bearer('admin'), data: { now: true } }), 400, 'bad_request');
  const created = await request.post('/api/migration/snapshot', { headers: bearer('admin'), data: {} });
  expect(created.status()).toBe(202);
  const { snapshotId } = (await created.json()) as { snapshotId: string };
  await expectError(await request.get('/api/migration/snapshots', { headers: bearer('viewer') }), 403, 'forbidden');
  await expect.poll(async () => {
    const list = (await (await request.get('/api/migration/snapshots', { headers: bearer('operator') })).json()) as SnapshotList;
    return list.snapshots.find((s) => s.id === snapshotId)?.state;
  }, { timeout: 30_000 }).toBe('verified');
  const one = (await (await request.get(`/api/migration/snapshots/${snapshotId}`, { headers: bearer('operator') })).json()) as SnapshotView;
  expect(one).toMatchObject({ id: snapshotId, state: 'verified', protectsRunId: null, error: null, deleteRefusal: null, keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
  expect(one.tables.map((t) => t.name)).toEqual(expect.arrayContaining(['tenants', 'app_documents', 'admin_documents']));
  await expectError(await request.delete(`/api/migration/snapshots/${snapshotId}`, { headers: bearer('operator') }), 403, 'forbidden');
  expect(await (await request.delete(`/api/migration/snapshots/${snapshotId}`, { headers: bearer('admin') })).json()).toEqual({ snapshotId, deleted: true });
  await expectError(await request.get(`/api/migration/snapshots/${snapshotId}`, { headers: bearer('operator') }), 404, 'not_found');
  await expectError(await request.delete(`/api/migration/snapshots/${UNKNOWN}`, { headers: bearer('admin') }), 404, 'not_found');
  await expectError(await request.get('/api/migration/snapshots/not-a-uuid', { headers: bearer('operator') }), 404, 'not_found');
  expect(await runs(request)).toEqual(before); // a snapshot starts no run
});

test('with no run, the on-call button has nothing to offer and a rollback is refused (409), even with no body at all', async ({ request }) => {
  const before = await runs(request);
  const target = (await (await request.get('/api/migration/rollback', { headers: bearer('admin') })).json()) as RollbackTarget;
  expect(target).toMatchObject({ available: false, run: null, active: null, reason: expect.any(String) });
  await expectError(await request.get('/api/migration/rollback', { headers: bearer('operator') }), 403, 'forbidden');
  await expectError(await request.get('/api/migration/rollback/preview', { headers: bearer('admin') }), 404, 'not_found');
  // `curl -X POST …/rollback`: no body, no content type.
  const bare = await request.fetch('/api/migration/rollback', { method: 'POST', headers: bearer('admin') });
  const refused = await expectError(bare, 409, 'conflict');
  expect(refused.error.message).toMatch(/No migration run/);
  await expectError(await request.post('/api/migration/rollback', { headers: bearer('admin'), data: { tenant: 'org_acme' } }), 409, 'conflict');
  await expectError(await request.post('/api/migration/rollback', { headers: bearer('admin'), data: { acceptLoss: 'yes' } }), 400, 'bad_request');
  await expectError(await request.post('/api/migration/rollback', { headers: bearer('admin'), data: { tenant: '' } }), 400, 'bad_request');
  await expectError(await request.post('/api/migration/rollback', { headers: bearer('operator'), data: {} }), 403, 'forbidden');
  await expectError(await request.post('/api/migration/rollback', { data: {} }), 401, 'unauthorized');
  expect(await runs(request)).toEqual(before);
});

test('rollbacks are listed for operators; an unknown one is 404', async ({ request }) => {
  expect((await (await request.get('/api/migration/rollbacks', { headers: bearer('operator') })).json()) as RollbackList).toEqual({ rollbacks: [] });
  await expectError(await request.get('/api/migration/rollbacks', { headers: bearer('viewer') }), 403, 'forbidden');
  await expectError(await request.get('/api/migration/rollbacks?runId=nope', { headers: bearer('operator') }), 400, 'bad_request');
  await expectError(await request.get(`/api/migration/rollbacks/${UNKNOWN}`, { headers: bearer('operator') }), 404, 'not_found');
  await expectError(await request.get('/api/migration/rollbacks/not-a-uuid', { headers: bearer('operator') }), 404, 'not_found');
});
