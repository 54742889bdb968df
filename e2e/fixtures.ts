import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';

const root = path.resolve(__dirname, '..');

export const admin = {
  email: process.env.FERRY_E2E_ADMIN_EMAIL as string,
  password: process.env.FERRY_E2E_ADMIN_PASSWORD as string,
};

/**
 * Runs the real `ferry` CLI against the running server's data directory (it attaches to the same
 * embedded Postgres) and returns its stdout.
 */
export function ferryCli(args: string[], input?: string): string {
  return execFileSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['lib/cli/ferry.ts', ...args], {
    cwd: root,
    input,
    env: { ...process.env, DATA_DIR: process.env.FERRY_E2E_DATA_DIR, LOG_LEVEL: 'silent' },
    stdio: ['pipe', 'pipe', 'pipe'],
  }).toString();
}

/** Creates a user through the CLI (idempotent per email within a run) and returns a fresh token for them. */
export function userWithToken(email: string, level: 1 | 2 | 3, password = 'a-long-e2e-password'): string {
  try {
    ferryCli(['user', 'create', '--email', email, '--level', String(level), '--password-stdin'], password);
  } catch (error) {
    if (!String((error as { stderr?: Buffer }).stderr ?? '').includes('already exists')) throw error;
  }
  const out = ferryCli(['token', 'create', '--email', email, '--name', `e2e-${Date.now()}`]).trim().split('\n');
  return out[out.length - 1] as string;
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export type { APIRequestContext };
