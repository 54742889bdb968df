import { expect, test } from '@playwright/test';
import { admin, signIn } from '../fixtures';

test.describe('signed out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('a signed-out visit is redirected to the sign-in page and comes back after signing in', async ({ page }) => {
    await page.goto('/plan?tab=blockers');
    await expect(page).toHaveURL(/\/login\?next=%2Fplan%3Ftab%3Dblockers$/);
    await signIn(page, admin.email, admin.password);
    await expect(page).toHaveURL(/\/plan\?tab=blockers$/);
    await expect(page.getByRole('heading', { name: 'Plan', exact: true })).toBeVisible();
  });

  test('a wrong password is refused with a message, and the page stays on sign-in', async ({ page }) => {
    await page.goto('/login');
    await signIn(page, admin.email, 'not-the-password');
    await expect(page.getByTestId('login-error')).toContainText('Wrong email or password');
    await expect(page).toHaveURL(/\/login/);
  });

  test('the next parameter cannot send a signed-in user to another site', async ({ page }) => {
    await page.goto('/login?next=//evil.example/');
    await signIn(page, admin.email, admin.password);
    await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
  });
});

test('the console shell shows navigation, the signed-in user, the overview, and signs out', async ({ page }) => {
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const label of ['Overview', 'Plan', 'Runs', 'Validation', 'Schema', 'Logs', 'Health', 'Settings']) {
    await expect(nav.getByRole('link', { name: label, exact: true })).toBeVisible();
  }
  await expect(page.getByTestId('signed-in-user')).toContainText(admin.email);
  await expect(page.getByTestId('overview-database')).toContainText('Embedded PostgreSQL');
  await expect(page.getByTestId('overview-database')).toContainText(/Version\s*18\./);
  await expect(page.getByTestId('overview-database')).toContainText('enforced');
  await expect(page.getByTestId('overview-user')).toContainText('System admin');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login\?next=%2F$/);
});
