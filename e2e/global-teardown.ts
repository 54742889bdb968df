import fs from 'node:fs';
import path from 'node:path';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function postmasterPid(dir: string): number {
  try {
    return Number(fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return 0;
  }
}

/**
 * Stops whatever still uses the run's data directory (the server, through its registered pid: it
 * leaves the embedded PostgreSQL cleanly), makes sure PostgreSQL is down, then removes the directory.
 */
export default async function teardown(): Promise<void> {
  const dir = process.env.FERRY_E2E_DATA_DIR;
  if (!dir || !dir.includes('ferry-e2e-')) return;
  const users = path.join(dir, 'cluster-users');
  const pids = fs.existsSync(users) ? fs.readdirSync(users).map((name) => Number(name.split('.')[0])).filter((pid) => pid > 0 && pid !== process.pid) : [];
  for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGTERM');
  const postmaster = postmasterPid(dir);
  const deadline = Date.now() + 20_000;
  while (postmaster && isAlive(postmaster) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (postmaster && isAlive(postmaster)) process.kill(postmaster, 'SIGINT');
  fs.rmSync(dir, { recursive: true, force: true });
}
