import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const root = path.resolve(__dirname, '..');

// Computed once in the main process; workers inherit the environment, so every process agrees.
if (!process.env.FERRY_E2E_DATA_DIR) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-e2e-'));
  fs.chmodSync(dir, 0o755);
  process.env.FERRY_E2E_DATA_DIR = dir;
  process.env.FERRY_E2E_PORT = execFileSync(process.execPath, ['-e', "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"]).toString();
  process.env.FERRY_E2E_ADMIN_EMAIL = 'e2e-admin@ferry.test';
  process.env.FERRY_E2E_ADMIN_PASSWORD = crypto.randomBytes(18).toString('base64url');
}

const port = process.env.FERRY_E2E_PORT;
const baseURL = `http://127.0.0.1:${port}`;
/** Debian's Chromium by default (Playwright cannot download browsers here); empty = Playwright's own. */
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: '.',
  outputDir: path.join(os.tmpdir(), 'ferry-e2e-results'),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  globalTeardown: './global-teardown.ts',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: executablePath || undefined,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    { name: 'api', testMatch: /api\/.*\.spec\.ts/, dependencies: ['setup'] },
    // After `api`: its specs need a target no migration has written to yet; the ui project's last spec runs one.
    { name: 'ui', testMatch: /ui\/.*\.spec\.ts/, dependencies: ['setup', 'api'], use: { storageState: path.join(__dirname, '.auth', 'admin.json') } },
  ],
  webServer: {
    command: `${path.join(root, 'node_modules', '.bin', 'tsx')} lib/cli/start.ts`,
    cwd: root,
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    env: {
      DATA_DIR: process.env.FERRY_E2E_DATA_DIR as string,
      PORT: port as string,
      HOST: '127.0.0.1',
      ADMIN_EMAIL: process.env.FERRY_E2E_ADMIN_EMAIL as string,
      ADMIN_PASSWORD: process.env.FERRY_E2E_ADMIN_PASSWORD as string,
      LOG_LEVEL: 'warn',
      // Small batches make the demo run (~2,400 documents) last long enough to pause it in the UI test.
      FERRY_BATCH_SIZE: '10',
    },
  },
});
