import fs from 'node:fs';
import os from 'node:os';
import type pg from 'pg';

/** The niceness of batch work (loading, its database backends): below the console, above nothing. */
export const BACKGROUND_NICENESS = 10;

/** True when `pid` leads its own session (Linux: field 6 of /proc/<pid>/stat, after the command's parentheses). */
function leadsSession(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]) === pid;
  } catch {
    return false;
  }
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
    os.setPriority(pid, niceness);
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

/** True when `pid` is a PostgreSQL backend on this machine (its title starts with `postgres:`). */
function isLocalBackend(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('postgres:');
  } catch {
    return false;
  }
}

/**
 * Lowers, like `lowerCpuPriority`, the PostgreSQL backends that serve this pool's connections — for a
 * database on this machine (the embedded one): PostgreSQL puts every backend in a session of its own,
 * so a migration's busy backends would otherwise each weigh as much in the scheduler as the whole
 * console. The backends of the console's own pool keep their priority, so its reads go first.
 */
export function lowerBackendPriority(db: pg.Pool, niceness = BACKGROUND_NICENESS): void {
  db.on('connect', (client) => {
    client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid').then(
      ({ rows }) => {
        const pid = rows[0]?.pid;
        if (pid && isLocalBackend(pid)) lowerCpuPriority(pid, niceness);
      },
      () => undefined,
    );
  });
}
