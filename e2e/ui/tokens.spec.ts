import { expect, test } from '@playwright/test';

test('create an API token in Settings: shown once, works as a Bearer token, and stops working when revoked', async ({ page, request }) => {
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/settings\/tokens$/);
  const name = `ui-token-${Date.now()}`;
  await page.getByPlaceholder('e.g. nightly-status-check').fill(name);
  await page.getByRole('button', { name: 'Create token' }).click();

  const secret = (await page.getByTestId('new-token-value').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^fry_[A-Za-z0-9_-]{43}$/);
  const row = page.getByTestId('tokens-table').getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText(secret.slice(0, 12));
  await expect(row).toContainText('active');
  await expect(page.getByTestId('tokens-table')).not.toContainText(secret); // only the prefix is listed

  const me = await request.get('/api/me', { headers: { Authorization: `Bearer ${secret}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ email: process.env.FERRY_E2E_ADMIN_EMAIL, level: 1, via: 'token' });

  await page.reload();
  await expect(page.getByTestId('new-token')).toHaveCount(0); // shown once: gone after a reload
  await page.getByRole('button', { name: `Revoke ${name}` }).click();
  await expect(row).toContainText('revoked');
  const after = await request.get('/api/me', { headers: { Authorization: `Bearer ${secret}` } });
  expect(after.status()).toBe(401);
});

test('Level-1 admins manage users in Settings, and the audit trail records it', async ({ page }) => {
  await page.goto('/settings/users');
  const email = `operator-${Date.now()}@ferry.test`;
  const form = page.getByRole('form', { name: 'Create user' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Name').fill('Olivia Operator');
  await form.getByLabel('Initial password').fill('operator-password-123');
  await form.getByRole('button', { name: 'Create user' }).click();
  const row = page.getByTestId('users-table').getByRole('row', { name: new RegExp(email) });
  await expect(row).toContainText('active');
  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('disabled');

  await page.goto('/logs');
  await expect(page.getByTestId('audit-table')).toContainText('user.create');
  await expect(page.getByTestId('audit-table')).toContainText('user.update');
});
