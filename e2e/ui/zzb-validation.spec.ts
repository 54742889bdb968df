import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from '../fixtures';
import type { MigrationProgress, QuarantinePage } from '../../lib/shared/contracts/migration';
import type { ValidationDetail, ValidationList } from '../../lib/shared/contracts/validation';

/*
 * Validation (issue 8), right after the suite's migration run (zz-migration-run leaves a completed run of
 * the demo store, which validated itself when it completed). In the console: the report of that run,
 * a new validation started from the page, and a drill-down to the sampled ids of the demo store's
 * deliberate problems (the leads without a tenant and the ones the database refused are quarantined;
 * some references were already dangling in the legacy files) with the legacy line of each. Then the
 * verdict on Overview, Runs and Status, and who may validate. Leaves no validation running.
 */
test.describe.configure({ mode: 'serial' });

const origin = () => ({ Origin: `http://127.0.0.1:${process.env.FERRY_E2E_PORT}` });
const DETAIL_KEYS = ['criticalIssues', 'finishedAt', 'id', 'info', 'overall', 'progress', 'recommendations', 'runId', 'startedAt', 'state', 'warnings'];

async function api<T>(page: Page, method: 'GET' | 'POST', path: string, data?: unknown): Promise<{ status: number; body: T }> {
  const response = await page.request.fetch(path, { method, headers: origin(), data });
  return { status: response.status(), body: (await response.json()) as T };
}

async function settled(page: Page, id: string): Promise<ValidationDetail> {
  await expect.poll(async () => (await api<ValidationDetail>(page, 'GET', `/api/migration/validations/${id}`)).body.state, { timeout: 60_000 }).not.toBe('running');
  return (await api<ValidationDetail>(page, 'GET', `/api/migration/validations/${id}`)).body;
}

let runId = '';
let autoId = '';

test('the completed run validated itself: the report is on the Validation page', async ({ page }) => {
  const run = (await api<MigrationProgress>(page, 'GET', '/api/migration/progress')).body;
  expect(run.state).toBe('completed');
  runId = run.runId;
  const list = (await api<ValidationList>(page, 'GET', `/api/migration/validations?runId=${runId}`)).body;
  const auto = list.validations.find((v) => v.trigger === 'auto');
  expect(auto, 'a completed run starts its own validation').toBeDefined();
  autoId = auto?.id as string;
  const report = await settled(page, autoId);
  expect(report).toMatchObject({ state: 'completed', overall: true, criticalIssues: [] });

  await page.goto('/validation');
  await expect(page.getByRole('heading', { name: 'Validation', level: 1 })).toBeVisible();
  await expect(page.getByTestId('validation-banner')).toHaveAttribute('data-state', 'completed');
  await expect(page.getByTestId('validation-verdict')).toHaveText('Safe to proceed');
  await expect(page.getByTestId('validation-id')).toHaveText(autoId);
});

test('an admin validates from the console and drills down to the sampled ids with their legacy lines', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/validation');
  await page.getByTestId('validate-button').click();
  await expect(page.getByTestId('validation-id')).not.toHaveText(autoId);
  const id = (await page.getByTestId('validation-id').textContent()) as string;
  await expect(page.getByTestId('validation-banner')).toHaveAttribute('data-state', 'completed', { timeout: 60_000 });
  await expect(page.getByTestId('validation-verdict')).toHaveText('Safe to proceed');
  const report = await settled(page, id);
  expect(Object.keys(report).sort()).toEqual(DETAIL_KEYS);
  expect(report).toMatchObject({ runId, state: 'completed', overall: true, progress: { percentage: 100 } });
  await expect(page.getByTestId('validation-verdict-detail')).toHaveText(`No critical issue · ${report.warnings.length} warnings to review`);
  await expect(page.getByTestId('validation-critical')).toContainText('None');

  // The quarantined leads: each sampled id with its file and line, as the quarantine says.
  const quarantine = (await api<QuarantinePage>(page, 'GET', `/api/migration/quarantine?runId=${runId}&collection=leads&limit=100`)).body;
  expect(quarantine.total).toBe(5);
  const finding = page.getByTestId('validation-warnings').locator('[data-check="quarantine"][data-collection="leads"]');
  await expect(finding).toContainText('5 document(s) of leads were quarantined');
  await finding.getByText('5 documents').click();
  for (const item of quarantine.items) {
    const row = finding.locator(`[data-legacy-id="${item.legacyId}"]`);
    await expect(row.getByTestId('validation-sample-line')).toHaveText(`leads.db:${item.line}`);
    await expect(row).toContainText(item.tenantKey === null ? 'no tenant' : 'rejected by the database');
  }

  // A reference the legacy store already had dangling, found in the target and explained.
  const dangling = report.warnings.find((w) => w.check === 'referential_integrity' && w.collection === 'inbox-messages');
  expect(dangling?.details?.length).toBeGreaterThan(0);
  const sample = dangling?.details?.[0];
  const references = page.getByTestId('validation-warnings').locator('[data-check="referential_integrity"][data-collection="inbox-messages"]').first();
  await references.locator('summary').click();
  await expect(references.locator(`[data-legacy-id="${sample?.id}"]`).first()).toContainText('already dangling in the legacy store');

  await expect(page.getByTestId('validation-recommendations')).toContainText('Review the 5 quarantined document(s) of leads');
  await expect(page.getByTestId('validation-info')).toContainText('legacy documents checked');

  // The history holds both reports; the JSON download is the API's answer.
  await expect(page.getByTestId('validation-history-row')).toHaveCount(2);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('validation-download').click()]);
  expect(download.suggestedFilename()).toBe(`ferry-validation-${id}.json`);
  expect(JSON.parse(fs.readFileSync(await download.path(), 'utf8'))).toEqual(report);
  await page.locator(`[data-validation-id="${autoId}"]`).getByRole('button', { name: 'View' }).click();
  await expect(page.getByTestId('validation-id')).toHaveText(autoId);
});

test('the verdict shows on the Overview, Runs and Status pages', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('overview-validation-verdict')).toHaveAttribute('data-verdict', 'safe');
  await page.goto('/runs');
  await expect(page.getByTestId('run-validation-verdict')).toHaveAttribute('data-verdict', 'safe');
  await page.getByTestId('run-validation').getByRole('link', { name: 'View the report' }).click();
  await expect(page).toHaveURL(/\/validation\?id=/);
  await expect(page.getByTestId('validation-verdict')).toHaveText('Safe to proceed');
  await page.goto('/status');
  await expect(page.getByTestId('status-validation')).toContainText('passed: 0 critical');
});

test.describe('who may validate after the run', () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  const stamp = Date.now();
  const operator = { email: `validation-operator-${stamp}@ferry.test`, password: 'operator-password-123' };
  const viewer = { email: `validation-viewer-${stamp}@ferry.test`, password: 'viewer-password-123' };

  test('an operator (Level 2) may, a viewer (Level 3) may not', async ({ browser }) => {
    test.setTimeout(120_000); // two users (bcrypt, cost 12) and two sign-ins on a busy machine
    const admin = await browser.newContext({ storageState: 'e2e/.auth/admin.json' });
    const adminPage = await admin.newPage();
    for (const [user, level] of [[operator, 2], [viewer, 3]] as const) {
      const created = await api(adminPage, 'POST', '/api/users', { email: user.email, name: user.email.split('@')[0], level, password: user.password });
      expect(created.status).toBe(201);
    }
    await admin.close();

    const viewerContext = await browser.newContext();
    const viewerPage = await viewerContext.newPage();
    await viewerPage.goto('/login?next=%2Fstatus');
    await signIn(viewerPage, viewer.email, viewer.password);
    await expect(viewerPage.getByTestId('status-validation')).toContainText('passed');
    const refused = await api<{ error: { code: string } }>(viewerPage, 'POST', '/api/migration/validate', {});
    expect(refused).toEqual({ status: 403, body: { error: { code: 'forbidden', message: expect.any(String) } } });
    await viewerPage.goto('/validation');
    await expect(viewerPage).toHaveURL(/\/status$/);
    await viewerContext.close();

    const operatorContext = await browser.newContext();
    const operatorPage = await operatorContext.newPage();
    await operatorPage.goto('/login?next=%2Fvalidation');
    await signIn(operatorPage, operator.email, operator.password);
    await expect(operatorPage.getByRole('heading', { name: 'Validation', level: 1 })).toBeVisible(); // signed in, on the page they may use
    const started = await api<{ validationId: string }>(operatorPage, 'POST', '/api/migration/validate', { runId });
    expect(started.status).toBe(202);
    expect(Object.keys(started.body)).toEqual(['validationId']);
    const done = await settled(operatorPage, started.body.validationId);
    expect(done).toMatchObject({ state: 'completed', overall: true });
    await operatorContext.close();
  });
});
