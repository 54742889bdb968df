import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { admin, signIn, userWithToken } from '../fixtures';
import type { SchemaStatusResponse } from '../../lib/shared/contracts/schema';

/*
 * Shares the server and database with every other spec: starts by rolling the schema back to empty
 * (through the API) so there is something pending, and leaves it fully applied.
 */

let adminToken = '';
let ids: string[] = [];
const bearer = () => ({ Authorization: `Bearer ${adminToken}` });

async function schemaStatus(request: APIRequestContext): Promise<SchemaStatusResponse> {
  const response = await request.get('/api/schema', { headers: bearer() });
  expect(response.status()).toBe(200);
  return response.json();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ request }) => {
  adminToken = userWithToken(admin.email, 1);
  const status = await schemaStatus(request);
  ids = [...status.applied, ...status.pending].map((m) => m.id);
  const first = status.applied[0];
  if (first) expect((await request.post('/api/schema/rollback', { headers: bearer(), data: { to: first.id } })).status()).toBe(200);
});

test.afterAll(async ({ request }) => {
  await request.post('/api/schema/migrate', { headers: bearer(), data: {} });
});

async function applyPending(page: Page, count: number): Promise<void> {
  await page.getByRole('button', { name: 'Apply pending' }).click();
  const dialog = page.getByRole('dialog', { name: 'Apply pending migrations' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Affected migrations' }).getByRole('listitem')).toHaveCount(count);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toBeHidden();
}

test('a Level-1 admin applies pending migrations and rolls back the last, each after a confirmation showing the SQL', async ({ page, request }) => {
  await page.goto('/schema');
  await expect(page.getByRole('heading', { name: 'Schema', level: 1 })).toBeVisible();
  for (const id of ids) await expect(page.getByTestId(`pending-${id}`)).toBeVisible();
  await expect(page.getByTestId('applied-empty')).toBeVisible();
  await expect(page.getByTestId('schema-lock')).toContainText('No migration running');
  await expect(page.getByTestId('schema-lint')).toContainText('No findings');
  await expect(page.getByTestId('schema-problems')).toHaveCount(0);

  // The confirmation shows the dry run's SQL and the affected migrations; nothing runs before Confirm.
  await page.getByRole('button', { name: 'Apply pending' }).click();
  const dialog = page.getByRole('dialog', { name: 'Apply pending migrations' });
  await expect(dialog.getByTestId('schema-confirm-sql')).toContainText('CREATE TABLE companies');
  await expect(dialog.getByTestId('schema-confirm-sql')).toContainText(`-- apply ${ids[0]}`);
  const affected = dialog.getByRole('list', { name: 'Affected migrations' }).getByRole('listitem');
  await expect(affected).toHaveCount(ids.length);
  await expect(affected.first()).toContainText(ids[0] as string);
  expect((await schemaStatus(request)).applied).toEqual([]);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByTestId('schema-run-result')).toContainText(`Applied ${ids.length} migrations as ${admin.email}`);
  for (const id of ids) await expect(page.getByTestId(`applied-${id}`).getByTestId('applied-by')).toHaveText(admin.email);
  await expect(page.getByTestId('pending-empty')).toBeVisible();
  const applied = await schemaStatus(request);
  expect(applied.pending).toEqual([]);
  expect(applied.applied.map((a) => [a.id, a.appliedBy])).toEqual(ids.map((id) => [id, admin.email]));

  // Roll back the last one: Cancel changes nothing, Confirm rolls back exactly it.
  const last = ids.at(-1) as string;
  await page.getByRole('button', { name: `Roll back to ${last}` }).click();
  const rollback = page.getByRole('dialog', { name: `Roll back to ${last}` });
  await expect(rollback.getByTestId('schema-confirm-sql')).toContainText('DROP TABLE');
  await expect(rollback.getByRole('list', { name: 'Affected migrations' }).getByRole('listitem')).toHaveCount(1);
  await rollback.getByRole('button', { name: 'Cancel' }).click();
  await expect(rollback).toBeHidden();
  expect((await schemaStatus(request)).pending).toEqual([]);

  await page.getByRole('button', { name: `Roll back to ${last}` }).click();
  await expect(rollback.getByTestId('schema-confirm-sql')).toContainText('DROP TABLE');
  await rollback.getByRole('button', { name: 'Confirm' }).click();
  await expect(rollback).toBeHidden();
  await expect(page.getByTestId('schema-run-result')).toContainText(`Rolled back 1 migration as ${admin.email}`);
  await expect(page.getByTestId(`pending-${last}`)).toBeVisible();
  await expect(page.getByTestId(`applied-${last}`)).toHaveCount(0);
  const rolledBack = await schemaStatus(request);
  expect(rolledBack.pending.map((p) => p.id)).toEqual([last]);
  expect(rolledBack.applied.map((a) => a.id)).toEqual(ids.slice(0, -1));

  // Re-apply it.
  await applyPending(page, 1);
  await expect(page.getByTestId('pending-empty')).toBeVisible();
  await expect(page.getByTestId(`applied-${last}`)).toBeVisible();
  expect((await schemaStatus(request)).applied.map((a) => a.id)).toEqual(ids);

  // The audit trail names both actions.
  await page.goto('/logs');
  await expect(page.getByTestId('audit-table')).toContainText('schema.migrate');
  await expect(page.getByTestId('audit-table')).toContainText('schema.rollback');
});

test.describe('as a Level-2 operator', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('sees the migrations, lint and lock but no button to change them', async ({ page, request }) => {
    const last = ids.at(-1) as string;
    expect((await request.post('/api/schema/rollback', { headers: bearer(), data: {} })).status()).toBe(200); // re-applied in afterAll
    const email = `schema-ui-operator-${Date.now()}@ferry.test`;
    userWithToken(email, 2, 'operator-password-123');
    await page.goto('/login?next=%2Fschema');
    await signIn(page, email, 'operator-password-123');
    await expect(page.getByRole('heading', { name: 'Schema', level: 1 })).toBeVisible();
    for (const id of ids.slice(0, -1)) await expect(page.getByTestId(`applied-${id}`)).toBeVisible();
    await expect(page.getByTestId(`pending-${last}`)).toBeVisible();
    await expect(page.getByTestId('schema-lock')).toBeVisible();
    await expect(page.getByTestId('schema-lint')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Apply pending' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /Roll back to/ })).toHaveCount(0);
  });
});
