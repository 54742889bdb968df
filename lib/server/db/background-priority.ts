import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';

/** The niceness of batch work (loading, its database backends): below the console, above nothing. */
export const BACKGROUND_NICENESS = 10;

/** Fields of /proc/<pid>/stat after the command's parentheses (index 1: parent pid, 3: session id), or null. */
function statFields(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** True when `pid` leads its own session. */
function leadsSession(pid: number): boolean {
  return Number(statFields(pid)?.[3]) === pid;
}

/**
 * Puts a process below interactive work in the CPU scheduler: its nice value and, on Linux, when it
 * leads a session of its own, its autogroup's (the scheduler shares the CPU between sessions first, so
 * a nice value alone only orders a process against others of its own session; the autogroup of a
 * process that shares its session is left alone, or the others would be lowered with it). Raising a
 * niceness needs no privilege; where even that is refused the process keeps its priority.
 */
export function lowerCpuPriority(pid: number, niceness = BACKGROUND_NICENESS): void {
  try {
    os.setPriority(pid, Math.max(os.getPriority(pid), niceness)); // lower only, never raise
  } catch {
    // not permitted here
  }
  if (!leadsSession(pid)) return;
  try {
    fs.writeFileSync(`/proc/${pid}/autogroup`, String(niceness));
  } catch {
    // no autogroups (sched_autogroup off), or not permitted
  }
}

/** True when `pid` is a backend of the PostgreSQL whose data lies in `pgDataDir` (its parent, the postmaster, runs `-D pgDataDir`). */
function isBackendOf(pid: number, pgDataDir: string): boolean {
  try {
    if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('postgres:')) return false;
    const postmaster = fs.readFileSync(`/proc/${statFields(pid)?.[1]}/cmdline`, 'utf8').split('\0');
    const dataArg = postmaster.indexOf('-D');
    return dataArg >= 0 && path.resolve(postmaster[dataArg + 1] ?? '') === path.resolve(pgDataDir);
  } catch {
    return false;
  }
}

/**
 * Lowers, like `lowerCpuPriority`, the PostgreSQL backends that serve this pool's connections — for the
 * embedded database, whose data lies in `pgDataDir` (a pid the server reports is lowered only when it is
 * a backend of that very cluster on this machine): PostgreSQL puts every backend in a session of its own,
 * so a migration's busy backends would otherwise each weigh as much in the scheduler as the whole
 * console. The backends of the console's own pool keep their priority, so its reads go first.
 */
export function lowerBackendPriority(db: pg.Pool, pgDataDir: string, niceness = BACKGROUND_NICENESS): void {
  db.on('connect', (client) => {
    client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid').then(
      ({ rows }) => {
        const pid = rows[0]?.pid;
        if (pid && isBackendOf(pid, pgDataDir)) lowerCpuPriority(pid, niceness);
      },
      () => undefined,
    );
  });
}
