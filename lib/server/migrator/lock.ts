import type { ClientBase } from 'pg';
import { AppError } from '../../shared/errors';
import { lockHolderPid, locks, tryLock, unlock } from '../db/advisory-locks';
import type { LockHolder } from './types';

/** Who holds a set's migration lock right now, or null. Reads pg_locks, so a crashed holder never lingers. */
export async function readLockHolder(client: ClientBase, setName: string): Promise<LockHolder | null> {
  const pid = await lockHolderPid(client, locks.migrate(setName));
  if (pid === null) return null;
  // Before the ledger tables exist there is no holder row to read.
  const { rows: [table] } = await client.query<{ present: boolean }>(`SELECT to_regclass('ferry.migration_locks') IS NOT NULL AS present`);
  if (!table?.present) return { pid, holder: null, since: null };
  const { rows } = await client.query<{ holder: string; since: string }>(
    `SELECT holder, acquired_at::text AS since FROM ferry.migration_locks WHERE set_name = $1 AND pid = $2`, [setName, pid]);
  return { pid, holder: rows[0]?.holder ?? null, since: rows[0]?.since ?? null };
}

function describeHolder(holder: LockHolder | null): string {
  if (!holder) return 'another migration is running';
  const since = holder.since ? ` since ${new Date(holder.since).toISOString().slice(11, 16)} UTC` : '';
  const who = holder.holder ? `, held by ${holder.holder}` : '';
  return `another migration is running${since}${who}, pid ${holder.pid}`;
}

/**
 * Takes the set's session-level advisory lock without waiting (pg_try_advisory_lock) and records who
 * holds it (see recordLockHolder). Throws `conflict` naming the holder when it is taken: a second migrator fails fast.
 */
export async function acquireMigrationLock(client: ClientBase, setName: string): Promise<void> {
  if (!(await tryLock(client, locks.migrate(setName)))) {
    // The winner records its name just after taking the lock (and, on a fresh database, after creating
    // the ledger tables): give it a moment so the refusal can name the holder. Still fails within ~0.25 s.
    let current = await readLockHolder(client, setName);
    for (let attempt = 0; attempt < 10 && current && !current.holder; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      current = (await readLockHolder(client, setName)) ?? current;
    }
    throw new AppError('conflict', `Cannot migrate: ${describeHolder(current)}. Wait for it to finish, or stop it.`, { details: { lock: current } });
  }
}

/** Records the holder (after ensureLedger, which creates the table). */
export async function recordLockHolder(client: ClientBase, setName: string, holder: string): Promise<void> {
  await client.query(
    `INSERT INTO ferry.migration_locks (set_name, holder, pid, acquired_at) VALUES ($1, $2, pg_backend_pid(), now())
     ON CONFLICT (set_name) DO UPDATE SET holder = EXCLUDED.holder, pid = EXCLUDED.pid, acquired_at = EXCLUDED.acquired_at`,
    [setName, holder],
  );
}

export async function releaseMigrationLock(client: ClientBase, setName: string): Promise<void> {
  await client.query(`DELETE FROM ferry.migration_locks WHERE set_name = $1 AND pid = pg_backend_pid()`, [setName]).catch(() => undefined);
  await unlock(client, locks.migrate(setName));
}
