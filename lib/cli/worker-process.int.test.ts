import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../server/testing/test-database';

// The server's migration worker runs in a child process (worker-process.ts): it must never outlive the
// server, however the server ends, and it comes back when it dies.
let t: TestDatabase;
let parent: ChildProcess | null = null;
let output = '';

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  if (parent?.pid) parent.kill('SIGKILL');
  for (const pid of workerPids()) kill(pid);
  await t.drop();
});

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const kill = (pid: number) => {
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
};
const workerPids = () => [...output.matchAll(/pid (\d+) working/g)].map((m) => Number(m[1]));

async function until<T>(what: string, read: () => T | null | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${output.slice(-800)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the server’s worker process', { timeout: 180_000 }, () => {
  it('is started again when it dies, and exits when the server is SIGKILLed', async () => {
    parent = spawn(path.resolve('node_modules/.bin/tsx'), ['lib/server/testing/run-worker-process.ts'], {
      env: { ...process.env, DATABASE_URL: t.appUrl, DATABASE_OWNER_URL: t.ownerUrl, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    parent.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    parent.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const parentPid = await until('the parent', () => Number(/"parent":(\d+)/.exec(output)?.[1] ?? 0));
    const first = await until('the worker', () => workerPids()[0]);

    process.kill(first, 'SIGKILL');
    const second = await until('a new worker', () => workerPids()[1]);
    expect(second).not.toBe(first);
    expect(output).toContain('starting it again');

    process.kill(parentPid, 'SIGKILL');
    await until('the worker to exit with its server', () => !isAlive(second), 20_000);
  });
});
