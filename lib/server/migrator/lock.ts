import type { ClientBase } from 'pg';
import { AppError } from '../../shared/errors';
import type { LockHolder } from './types';

const LOCK_CLASS = 0x46525259; // "FRRY": the first key of every Ferry migration lock

function lockArgs(setName: string): [number, string] {
  return [LOCK_CLASS, `ferry.migrate.${setName}`];
}

/** Who holds a set's migration lock right now, or null. Reads pg_locks, so a crashed holder never lingers. */
export async function readLockHolder(client: ClientBase, setName: string): Promise<LockHolder | null> {
  const [classId, key] = lockArgs(setName);
  const { rows } = await client.query<{ pid: number; holder: string | null; since: string | null }>(
    `SELECT l.pid, m.holder, m.acquired_at::text AS since
       FROM pg_locks l
       LEFT JOIN ferry.migration_locks m ON m.set_name = $3 AND m.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::int::oid AND l.objid = hashtext($2)::oid
        AND l.objsubid = 2 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      LIMIT 1`,
    [classId, key, setName],
  ).catch(async () =>
    // Before the ledger tables exist there is no holder row to join.
    client.query<{ pid: number; holder: string | null; since: string | null }>(
      `SELECT l.pid, NULL AS holder, NULL AS since FROM pg_locks l
        WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::int::oid AND l.objid = hashtext($2)::oid AND l.objsubid = 2
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) LIMIT 1`,
      [classId, key],
    ),
  );
  return rows[0] ? { pid: rows[0].pid, holder: rows[0].holder, since: rows[0].since } : null;
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
  const [classId, key] = lockArgs(setName);
  const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock($1::int, hashtext($2)) AS ok`, [classId, key]);
  if (!rows[0]?.ok) {
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
  const [classId, key] = lockArgs(setName);
  await client.query(`DELETE FROM ferry.migration_locks WHERE set_name = $1 AND pid = pg_backend_pid()`, [setName]).catch(() => undefined);
  await client.query(`SELECT pg_advisory_unlock($1::int, hashtext($2))`, [classId, key]);
}
