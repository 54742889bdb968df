import path from 'node:path';
import { expect, test as setup } from '@playwright/test';
import { admin, signIn } from './fixtures';

setup('sign in once as the Level-1 admin and keep the session', async ({ page }) => {
  await page.goto('/login');
  await signIn(page, admin.email, admin.password);
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await page.context().storageState({ path: path.join(__dirname, '.auth', 'admin.json') });
});
