import fs from 'node:fs';
import path from 'node:path';

/**
 * Who uses an embedded cluster: one empty file per user, named `<pid>.<n>`, in
 * `<DATA_DIR>/cluster-users/` (creating and removing a file is atomic, so concurrent processes never
 * lose each other's entry; one process may hold several). The cluster stops when its last user leaves,
 * or when the watchdog finds every user's process dead.
 */
export function usersDir(dataDir: string): string {
  return path.join(dataDir, 'cluster-users');
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let handles = 0;

/** Registers one user in this process; returns its entry for `unregisterUser`. */
export function registerUser(dataDir: string): string {
  fs.mkdirSync(usersDir(dataDir), { recursive: true });
  handles += 1;
  const entry = `${process.pid}.${handles}`;
  fs.writeFileSync(path.join(usersDir(dataDir), entry), '');
  return entry;
}

export function unregisterUser(dataDir: string, entry: string): void {
  fs.rmSync(path.join(usersDir(dataDir), entry), { force: true });
}

/** Pids of live users (one per entry); entries of dead processes are removed on the way. */
export function liveUsers(dataDir: string): number[] {
  let names: string[];
  try {
    names = fs.readdirSync(usersDir(dataDir));
  } catch {
    return [];
  }
  const live: number[] = [];
  for (const name of names) {
    const pid = Number(name.split('.')[0]);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) live.push(pid);
    else fs.rmSync(path.join(usersDir(dataDir), name), { force: true });
  }
  return live;
}
