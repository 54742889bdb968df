import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { BACKGROUND_NICENESS, lowerBackendPriority, lowerCpuPriority } from './background-priority';
import { createPool } from './pool';

const linux = os.platform() === 'linux';
const autogroups = linux && fs.existsSync('/proc/self/autogroup');
const autogroupOf = (pid: number | string) => fs.readFileSync(`/proc/${pid}/autogroup`, 'utf8').trim();

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

/** The data directory of the test cluster, as its postmaster was started (`-D`). */
async function pgDataDir(): Promise<string> {
  return (await t.superDb.query<{ setting: string }>(`SELECT setting FROM pg_settings WHERE name = 'data_directory'`)).rows[0]!.setting;
}

function sleeper(detached: boolean) {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { detached, stdio: 'ignore' });
  return { pid: child.pid as number, stop: () => child.kill('SIGKILL') };
}

describe.runIf(linux)('background priority', () => {
  it('lowers a process that leads its own session, autogroup included', () => {
    const child = sleeper(true);
    try {
      lowerCpuPriority(child.pid);
      expect(os.getPriority(child.pid)).toBe(BACKGROUND_NICENESS);
      if (autogroups) expect(autogroupOf(child.pid)).toMatch(new RegExp(`nice ${BACKGROUND_NICENESS}$`));
    } finally {
      child.stop();
    }
  });

  it('never lowers the autogroup of a process that shares its session (the others would go down with it)', () => {
    const before = autogroups ? autogroupOf('self') : '';
    const ours = os.getPriority();
    const child = sleeper(false);
    try {
      lowerCpuPriority(child.pid);
      expect(os.getPriority(child.pid)).toBe(BACKGROUND_NICENESS);
      if (autogroups) expect(autogroupOf('self')).toBe(before);
      expect(os.getPriority()).toBe(ours);
    } finally {
      child.stop();
    }
  });

  it('lowers the PostgreSQL backends of a batch pool, not those of the console', async () => {
    const batch = createPool(t.appUrl, 2);
    const elsewhere = createPool(t.appUrl, 1);
    lowerBackendPriority(batch, await pgDataDir());
    lowerBackendPriority(elsewhere, '/nonexistent/pg'); // a pid of another cluster (or host) is never touched
    try {
      const pidOf = async (db: typeof batch) => (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const batchBackend = await pidOf(batch);
      const consoleBackend = await pidOf(t.db);
      const otherBackend = await pidOf(elsewhere);
      await expect.poll(() => os.getPriority(batchBackend)).toBe(BACKGROUND_NICENESS);
      expect(os.getPriority(consoleBackend)).toBe(0);
      expect(os.getPriority(otherBackend)).toBe(0);
    } finally {
      await batch.end();
      await elsewhere.end();
    }
  });
});
