import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { admin, signIn, userWithToken } from '../fixtures';
import { formatCount } from '../../components/runs/format';
import type { MigrationProgress } from '../../lib/shared/contracts/migration';
import type { MigrationPlan } from '../../lib/shared/contracts/plan';
import type { QuarantinePage } from '../../lib/client/migration';

/*
 * The suite's only migration run, so this file runs last (`zz-`, in the last project): once a run has
 * completed, the plan is blocked (target_not_empty) and the typed tables can no longer be rolled back.
 * It applies the schema itself, then drives plan → start → watch → pause → reload → resume → completed
 * in the console as the Level-1 admin, and checks the screen against the API.
 */

test.describe.configure({ mode: 'serial' });

let adminToken = '';
const operator = { email: `run-operator-${Date.now()}@ferry.test`, password: 'operator-password-123' };
const viewer = { email: `run-viewer-${Date.now()}@ferry.test`, password: 'viewer-password-123' };
const bearer = () => ({ Authorization: `Bearer ${adminToken}` });

async function getJson<T>(request: APIRequestContext, path: string): Promise<T> {
  const response = await request.get(path, { headers: bearer() });
  expect(response.status(), `${path} → ${response.status()}`).toBe(200);
  return response.json();
}

const progressOf = (request: APIRequestContext) => getJson<MigrationProgress>(request, '/api/migration/progress');

/** The percentage the Runs page shows, as a number. */
async function shownPercentage(page: Page): Promise<number> {
  return Number.parseFloat(((await page.getByTestId('run-percentage').textContent()) ?? '').replace(/[^\d.]/g, ''));
}

test.beforeAll(async ({ request }) => {
  test.setTimeout(180_000); // three CLI processes and the schema, on a shared machine
  // Every CLI call happens before the run: the CLI's start-up currently fails once the loader's temp
  // tables exist (enforceTenantIsolation in nile-emulation.ts also visits other sessions' temp tables).
  adminToken = userWithToken(admin.email, 1);
  userWithToken(operator.email, 2, operator.password);
  userWithToken(viewer.email, 3, viewer.password);
  const migrate = await request.post('/api/schema/migrate', { headers: bearer(), data: {} });
  expect(migrate.status()).toBe(200);
  const plan = await getJson<MigrationPlan>(request, '/api/migration/plan');
  expect(plan.blockers, 'the demo plan has no blocker once the schema is applied').toEqual([]);
});

test('a Level-1 admin plans, starts, pauses, resumes and completes the migration in the console', async ({ page, request }) => {
  test.setTimeout(120_000);
  const plan = await getJson<MigrationPlan>(request, '/api/migration/plan');
  const leads = plan.collections.find((c) => c.name === 'leads');
  const inbox = plan.collections.find((c) => c.name === 'inbox-messages');
  if (!leads || !inbox) throw new Error('the demo store has leads and inbox-messages');

  // Plan: no blockers, the totals and the collections table carry the API's numbers.
  await page.goto('/plan');
  await expect(page.getByRole('heading', { name: 'Plan', level: 1 })).toBeVisible();
  await expect(page.getByTestId('plan-blockers')).toHaveCount(0);
  await expect(page.getByTestId('plan-warnings')).toContainText('without_tenant');
  await expect(page.getByTestId('total-collections')).toHaveText(formatCount(plan.totals.collections));
  await expect(page.getByTestId('total-records')).toHaveText(formatCount(plan.totals.records));
  await expect(page.getByTestId('total-tenants')).toHaveText(formatCount(plan.totals.tenants));
  await expect(page.getByTestId('total-quarantine')).toHaveText(formatCount(plan.totals.quarantineExpected));
  await expect(page.getByTestId('plan-legacy-dir')).toHaveText(plan.legacyDir);
  const table = page.getByRole('table', { name: 'Collections' });
  await expect(table.locator('tbody > tr[data-testid^="plan-collection-"]')).toHaveCount(plan.collections.length);
  const leadsRow = page.getByTestId('plan-collection-leads');
  await expect(leadsRow.getByTestId('live')).toHaveText(formatCount(leads.live));
  await expect(leadsRow.getByTestId('superseded')).toHaveText(formatCount(leads.superseded));
  await expect(leadsRow.getByTestId('deleted')).toHaveText(formatCount(leads.deleted));
  await expect(leadsRow.getByTestId('without-tenant')).toHaveText(formatCount(leads.withoutTenant));
  expect(leads.withoutTenant).toBe(3);
  await expect(page.getByTestId('plan-collection-inbox-messages').getByTestId('corrupt')).toHaveText(formatCount(inbox.corrupt.count));

  // A row expands into its field profile and first corrupt lines.
  await leadsRow.getByRole('button', { name: 'leads' }).click();
  await expect(leadsRow.getByRole('button', { name: 'leads' })).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('table', { name: 'Fields of leads' })).toContainText('tenantId');
  await page.getByTestId('plan-collection-inbox-messages').getByRole('button', { name: 'inbox-messages' }).click();
  const firstCorrupt = inbox.corrupt.samples[0];
  if (firstCorrupt) await expect(page.getByTestId('plan-corrupt-inbox-messages')).toContainText(`line ${firstCorrupt.line}`);

  // Start: the run is created and the console goes to the Runs page; pause as soon as it can.
  const readings: { state: string; percentage: number; processed: number }[] = [];
  page.on('response', async (response) => {
    if (!response.url().includes('/api/migration/progress') || response.status() !== 200) return;
    const body = (await response.json().catch(() => null)) as MigrationProgress | null;
    if (body) readings.push({ state: body.state, percentage: body.percentage, processed: body.processed });
  });
  await page.getByRole('button', { name: 'Start migration' }).click();
  await page.waitForURL('**/runs');
  // The demo run lasts a few seconds: pause at once (watching it rise is done after Resume, below).
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', /^(snapshotting|queued|running)$/); // a run takes its rollback snapshot first
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', /^(pausing|paused)$/);
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'paused', { timeout: 20_000 });
  await expect(page.getByRole('button', { name: 'Resume' })).toBeEnabled();

  const paused = await progressOf(request);
  expect(paused.state).toBe('paused');
  expect(paused.processed).toBeLessThanOrEqual(paused.total);
  await expect(page.getByTestId('run-processed')).toHaveText(formatCount(paused.processed));
  await expect(page.getByTestId('run-total')).toHaveText(formatCount(plan.totals.records));
  const pausedPercentage = await shownPercentage(page);
  test.info().annotations.push({ type: 'paused at', description: `${pausedPercentage} % (${paused.processed} of ${paused.total})` });
  // The page followed the run by polling (no reload), up to the pause point and no further.
  expect(readings.some((r) => r.state === 'paused')).toBe(true);
  expect(readings.every((r) => r.processed <= paused.processed)).toBe(true);

  // Meanwhile the stakeholder page says it in plain words.
  const statusPage = await page.context().newPage();
  await statusPage.goto('/status');
  await expect(statusPage.getByTestId('status-headline')).toHaveText('The migration is paused.');
  await expect(statusPage.getByTestId('status-finish')).toHaveText('Not until it is resumed.');
  await expect(statusPage.getByTestId('status-records')).toContainText(`${formatCount(paused.processed)} of ${formatCount(paused.total)} records`);
  await statusPage.close();

  // "Close the browser" mid-run: a reload reads everything from the API; nothing moved while paused.
  await page.reload();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'paused');
  await expect(page.getByTestId('run-processed')).toHaveText(formatCount(paused.processed));
  expect((await progressOf(request)).processed).toBe(paused.processed);

  // Resume: the page follows the run live — the percentage rises without a reload — until it completes.
  await page.getByRole('button', { name: 'Resume' }).click();
  if (pausedPercentage < 100) await expect.poll(() => shownPercentage(page), { timeout: 30_000 }).toBeGreaterThan(pausedPercentage);
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'completed', { timeout: 60_000 });
  await expect(page.getByTestId('run-percentage')).toHaveText('100 %');
  await expect(page.getByTestId('run-processed')).toHaveText(formatCount(plan.totals.records));
  await expect(page.getByRole('button', { name: /Pause|Resume/ })).toHaveCount(0);

  // The API agrees: everything processed, every collection complete.
  const done = await progressOf(request);
  expect(done).toMatchObject({ runId: paused.runId, state: 'completed', percentage: 100, processed: plan.totals.records, total: plan.totals.records });
  for (const c of done.collections) expect([c.name, c.state, c.processed]).toEqual([c.name, 'completed', c.total]);
  await expect(page.getByTestId('run-collection-leads')).toContainText(`${formatCount(leads.live)} / ${formatCount(leads.live)}`);

  // The quarantine lists the three leads without a tenant, with file:line and the document.
  const quarantine = await getJson<QuarantinePage>(request, `/api/migration/quarantine?runId=${done.runId}&collection=leads&limit=500`);
  const withoutTenant = quarantine.items.filter((q) => q.tenantKey === null);
  expect(withoutTenant).toHaveLength(3);
  await expect(page.getByTestId('quarantine-total')).toContainText(`${formatCount(done.collections.reduce((sum, c) => sum + c.quarantined, 0))} document`);
  const list = page.getByTestId('quarantine');
  if (await list.getByLabel('Collection').count()) await list.getByLabel('Collection').selectOption('leads');
  const found = new Set<string>();
  for (let pageNo = 0; pageNo < 50 && found.size < withoutTenant.length; pageNo += 1) {
    for (const item of withoutTenant) {
      if (await list.locator(`[data-legacy-id="${item.legacyId}"]`).count()) found.add(item.legacyId as string);
    }
    const next = list.getByRole('button', { name: 'Next' });
    if (found.size === withoutTenant.length || !(await next.isEnabled())) break;
    const range = await list.getByTestId('quarantine-range').textContent();
    await next.click();
    await expect(list.getByTestId('quarantine-range')).not.toHaveText(range ?? '');
  }
  expect([...found].sort()).toEqual(withoutTenant.map((q) => q.legacyId).sort());
  const first = withoutTenant[0] as (typeof withoutTenant)[number];
  const row = list.locator(`[data-legacy-id="${first.legacyId}"]`);
  await expect(row).toContainText(`leads.db:${first.line}`);
  await expect(row).toContainText('no tenant');
  await row.getByText('Document').click();
  await expect(row.locator('pre')).toContainText(first.legacyId as string);

  // A second start is refused: the target now holds the rows of this run.
  const again = await request.post('/api/migration/start', { headers: bearer(), data: {} });
  expect([409, 422]).toContain(again.status());
  const refusal = await again.json();
  if (again.status() === 422) expect(refusal.error.details.blockers.map((b: { code: string }) => b.code)).toContain('target_not_empty');
  else expect(refusal.error.code).toBe('conflict');

  // The Plan page says so, and Start is disabled with the reason.
  await page.goto('/plan');
  await expect(page.getByTestId('plan-blockers')).toContainText('target_not_empty');
  await expect(page.getByRole('button', { name: 'Start migration' })).toBeDisabled();
  await expect(page.getByTestId('plan-start-reason')).toContainText('Resolve the 1 blocker');

  // The stakeholder page, in plain words.
  await page.goto('/status');
  await expect(page.getByTestId('status-headline')).toHaveText('The migration is complete.');
  await expect(page.getByTestId('status-percentage')).toHaveText('100 %');
  await expect(page.getByTestId('status-last-run')).toContainText(`${formatCount(plan.totals.records)} of ${formatCount(plan.totals.records)} records`);
});

test.describe('after the run, as other levels', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('an operator watches the run but gets no Start, Pause or Resume', async ({ page }) => {
    await page.goto('/login?next=%2Fruns');
    await signIn(page, operator.email, operator.password);
    await expect(page.getByRole('heading', { name: 'Runs', level: 1 })).toBeVisible();
    await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'completed');
    await expect(page.getByRole('button', { name: /Pause|Resume/ })).toHaveCount(0);
    await page.goto('/plan');
    await expect(page.getByTestId('plan-collections')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Start migration' })).toHaveCount(0);
  });

  test('a viewer sees the status page only', async ({ page }) => {
    await page.goto('/login?next=%2Fstatus');
    await signIn(page, viewer.email, viewer.password);
    await expect(page.getByTestId('status-headline')).toHaveText('The migration is complete.');
    await page.goto('/runs');
    await expect(page).toHaveURL(/\/status$/);
  });
});
