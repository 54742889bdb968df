import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { MigrationPlan } from '../../lib/shared/contracts/plan';
import type { MigrationProgress } from '../../lib/shared/contracts/migration';
import type { RollbackList, RollbackTarget } from '../../lib/shared/contracts/rollback';

/*
 * The on-call flow (issue 7), last of the suite: after the migration run (zz-; made here through the
 * API when there is none), and validation and cutover (zzb-, zzc-, when they exist). From the red button every console page shows, roll one tenant
 * back, then the whole run, and check the screens against the API. If something was written after the
 * snapshot meanwhile (another spec in "new" mode), the dialog lists it and the second checkbox accepts
 * exporting and undoing it.
 */
test.describe.configure({ mode: 'serial' });

const origin = () => ({ Origin: `http://127.0.0.1:${process.env.FERRY_E2E_PORT}` });
async function get<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(path, { headers: origin() });
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

/**
 * The suite's migration run (zz-migration-run.spec.ts) leaves a completed run. When this file runs on
 * its own, or that spec did not get to complete one, it makes one through the public API: apply the
 * schema, start, wait until completed.
 */
test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  const context = await browser.newContext({ storageState: path.join(__dirname, '..', '.auth', 'admin.json') });
  try {
    const request = context.request;
    const progress = await request.get('/api/migration/progress', { headers: origin() });
    const state = progress.status() === 200 ? ((await progress.json()) as MigrationProgress).state : null;
    if (state === 'completed') return;
    expect((await request.post('/api/schema/migrate', { headers: origin(), data: {} })).status()).toBe(200);
    const started = await request.post('/api/migration/start', { headers: origin(), data: {} });
    expect([202, 409], await started.text()).toContain(started.status());
    await expect.poll(async () => ((await (await request.get('/api/migration/progress', { headers: origin() })).json()) as MigrationProgress).state, { timeout: 200_000, intervals: [1000] }).toBe('completed');
  } finally {
    await context.close();
  }
});

/** Fills the dialog: the preview read, loss accepted if there is any, ROLLBACK typed; then confirms. */
async function confirmInDialog(page: Page, button: string): Promise<void> {
  const dialog = page.getByTestId('rollback-dialog');
  await expect(dialog.getByTestId('rollback-rows')).not.toHaveText('…', { timeout: 30_000 });
  await expect(dialog.getByRole('status')).toHaveCount(0, { timeout: 30_000 }); // comparison with the snapshot done
  const confirm = dialog.getByRole('button', { name: button });
  await dialog.getByLabel('Type ROLLBACK to confirm').fill('ROLLBAC');
  await expect(confirm).toBeDisabled();
  if (await dialog.getByTestId('rollback-accept-loss').count()) {
    await expect(dialog.getByTestId('rollback-losses')).toBeVisible();
    await dialog.getByTestId('rollback-accept-loss').check();
  } else {
    await expect(dialog.getByTestId('rollback-no-loss')).toBeVisible();
  }
  await dialog.getByLabel('Type ROLLBACK to confirm').fill('ROLLBACK');
  await confirm.click();
  await expect(dialog.getByTestId('rollback-done')).toHaveText('Rolled back.', { timeout: 60_000 });
  await expect(dialog.getByTestId('rollback-verified')).toContainText('yes');
}

test('one tenant: from the red button on any page to "rolled back"; the run stays completed, the others untouched', async ({ page }) => {
  test.setTimeout(120_000);
  const before = await get<MigrationProgress>(page, '/api/migration/progress');
  expect(before.state).toBe('completed');
  const target = await get<RollbackTarget>(page, '/api/migration/rollback');
  expect(target).toMatchObject({ available: true, run: { runId: before.runId }, snapshot: { id: expect.any(String) } });

  await page.goto('/schema'); // any console page carries the button
  await expect(page.getByTestId('rollback-button')).toHaveText('Roll back');
  await page.goto('/');
  await page.getByTestId('rollback-button').click();
  const dialog = page.getByTestId('rollback-dialog');
  await expect(dialog.getByTestId('rollback-summary')).toContainText(before.runId);
  await expect(dialog.getByTestId('rollback-snapshot-time')).toContainText('taken');
  await dialog.getByLabel('One tenant; the others stay as they are').check();
  const picker = dialog.getByLabel('Tenant to roll back');
  const chosen = target.tenants.find((t) => t.key !== null) as RollbackTarget['tenants'][number];
  await picker.selectOption(chosen.key as string);
  await expect(dialog.getByTestId('rollback-tenants')).toHaveText('1');
  await confirmInDialog(page, 'Roll back this tenant');
  await dialog.getByRole('button', { name: 'Close' }).click();

  const after = await get<MigrationProgress>(page, '/api/migration/progress');
  expect(after.state).toBe('completed');
  expect(after.rolledBackTenants?.map((t) => t.tenantKey)).toEqual([chosen.key]);
  expect(after.tenants.map((t) => t.tenantId)).not.toContain(chosen.tenantId);
  const others = (p: MigrationProgress) => p.tenants.filter((t) => t.tenantId !== chosen.tenantId);
  expect(others(after)).toEqual(others(before));
  await page.goto('/runs');
  await expect(page.getByTestId('run-rollbacks')).toContainText(`tenant ${chosen.key}`);
  await expect(page.getByTestId('run-rollbacks').getByTestId('rollback-state').first()).toHaveAttribute('data-state', 'completed');
});

test('the whole run: from the button to "rolled back"; the run is rolled back, the plan is clear and names the snapshot that will protect the next run', async ({ page }) => {
  test.setTimeout(120_000);
  const run = await get<MigrationProgress>(page, '/api/migration/progress');
  await page.goto('/runs');
  await page.getByTestId('rollback-button').click();
  const dialog = page.getByTestId('rollback-dialog');
  await expect(dialog.getByLabel('The whole run (every tenant)')).toBeChecked();
  await confirmInDialog(page, 'Roll back the run');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('rollback-button')).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'rolled_back', { timeout: 15_000 });

  const rollbacks = await get<RollbackList>(page, `/api/migration/rollbacks?runId=${run.runId}`);
  expect(rollbacks.rollbacks.map((r) => [r.scope === 'run' ? 'run' : 'tenant', r.state, r.verified])).toEqual([['run', 'completed', true], ['tenant', 'completed', true]]);
  expect((await get<RollbackTarget>(page, '/api/migration/rollback')).available).toBe(false);
  const plan = await get<MigrationPlan>(page, '/api/migration/plan');
  expect(plan.blockers.map((b) => b.code)).not.toContain('target_not_empty');
  expect(plan.protection?.snapshotId).toBe(rollbacks.rollbacks[0]?.snapshotId);
  await page.goto('/plan');
  await expect(page.getByTestId('plan-protection')).toContainText(plan.protection?.snapshotId as string);

  // The Snapshots page lists it, verified, protecting the run; its Delete is refused while it does.
  await page.goto('/snapshots');
  const row = page.getByTestId(`snapshot-${plan.protection?.snapshotId}`);
  await expect(row).toHaveAttribute('data-state', 'verified');
  await expect(row).toContainText(run.runId);
  await expect(row.getByRole('button', { name: /Delete snapshot/ })).toBeDisabled();
});
