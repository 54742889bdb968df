import type { ClientBase } from 'pg';

/**
 * Every PostgreSQL advisory lock Ferry takes, defined once. A lock is two int4 keys: a class (which kind
 * of lock, "FR.." in ASCII) and `hashtext(name)` computed by PostgreSQL, so code that only knows the
 * name in SQL (the reaper looking for the holder of a collection's lock) uses the same formula as the
 * code that takes it. Session locks die with their connection: a crashed holder never lingers.
 */
export type AdvisoryLock = { classId: number; name: string };

export const LOCK_CLASSES = {
  /** "FRRY": a migration set's migrator (schema, engine, console tables). */
  migrate: 0x46525259,
  /** "FRRC": the worker loading one collection of one run. */
  collection: 0x46525243,
  /** "FRRS": run-level operations that must not overlap (start, rollback, snapshot). */
  run: 0x46525253,
  /** "FRSU": preparing a database (Nile emulation, roles, strict mode). */
  setup: 0x46525355,
  /** "FRLG": login throttling (transaction locks per address and per email). */
  login: 0x46524c47,
  /** "FRHM": the health monitor's leader (one per database samples and alerts). */
  monitor: 0x4652484d,
} as const;

export const locks = {
  /** One start of a migration run at a time; a concurrent start answers 409 at once. */
  start: (): AdvisoryLock => ({ classId: LOCK_CLASSES.run, name: 'start' }),
  /** One rollback decision at a time (joining a running rollback, or starting one). */
  rollback: (): AdvisoryLock => ({ classId: LOCK_CLASSES.run, name: 'rollback' }),
  /** One switch of the adapter mode at a time (the promotion gate and the write see the same mode). */
  adapterMode: (): AdvisoryLock => ({ classId: LOCK_CLASSES.run, name: 'adapter-mode' }),
  /** The executor of one rollback (a second copy of its job returns; a crashed executor's lock vanishes). */
  rollbackExecution: (rollbackId: string): AdvisoryLock => ({ classId: LOCK_CLASSES.run, name: `rollback/${rollbackId}` }),
  /** The snapshot writer of one snapshot (a second copy of its job returns). */
  snapshot: (snapshotId: string): AdvisoryLock => ({ classId: LOCK_CLASSES.run, name: `snapshot/${snapshotId}` }),
  /** The validator of one validation. */
  validation: (validationId: string): AdvisoryLock => ({ classId: LOCK_CLASSES.run, name: `validation/${validationId}` }),
  /** The loader of one collection of one run; `collectionLockNameSql` is the same name in SQL. */
  collection: (runId: string, collection: string): AdvisoryLock => ({ classId: LOCK_CLASSES.collection, name: `${runId}/${collection}` }),
  /** A migration set's migrator. */
  migrate: (setName: string): AdvisoryLock => ({ classId: LOCK_CLASSES.migrate, name: `ferry.migrate.${setName}` }),
  /** Preparing the database (two processes starting together take turns). */
  setup: (): AdvisoryLock => ({ classId: LOCK_CLASSES.setup, name: 'prepare-database' }),
  loginAddress: (address: string): AdvisoryLock => ({ classId: LOCK_CLASSES.login, name: `address:${address}` }),
  loginEmail: (email: string): AdvisoryLock => ({ classId: LOCK_CLASSES.login, name: `email:${email}` }),
  /** The health monitor's leader: held for as long as one server process samples and alerts for this database. */
  healthMonitor: (): AdvisoryLock => ({ classId: LOCK_CLASSES.monitor, name: 'leader' }),
};

/** The collection lock's name as an SQL expression over a run id and a collection name. */
export function collectionLockNameSql(runIdSql: string, collectionSql: string): string {
  return `${runIdSql}::text || '/' || ${collectionSql}`;
}

/** Takes a session lock without waiting; true when taken. */
export async function tryLock(client: ClientBase, lock: AdvisoryLock): Promise<boolean> {
  const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock($1::int, hashtext($2)) AS ok`, [lock.classId, lock.name]);
  return rows[0]?.ok === true;
}

/** Takes a session lock, waiting for it. */
export async function waitLock(client: ClientBase, lock: AdvisoryLock): Promise<void> {
  await client.query(`SELECT pg_advisory_lock($1::int, hashtext($2))`, [lock.classId, lock.name]);
}

export async function unlock(client: ClientBase, lock: AdvisoryLock): Promise<void> {
  await client.query(`SELECT pg_advisory_unlock($1::int, hashtext($2))`, [lock.classId, lock.name]);
}

/** Takes transaction locks (released at COMMIT/ROLLBACK), waiting for each, in the order given. */
export async function xactLock(client: ClientBase, ...held: AdvisoryLock[]): Promise<void> {
  for (const lock of held) await client.query(`SELECT pg_advisory_xact_lock($1::int, hashtext($2))`, [lock.classId, lock.name]);
}

/**
 * SQL that is true when some session of this database holds the lock of class `classSql` named
 * `nameSql` (both SQL expressions). Reads pg_locks, so it sees every process, and a crashed one not.
 */
export function lockHeldSql(classSql: string, nameSql: string, alias = 'l'): string {
  return `EXISTS (SELECT 1 FROM pg_locks ${alias} WHERE ${alias}.locktype = 'advisory' AND ${alias}.granted AND ${alias}.objsubid = 2
    AND ${alias}.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND ${alias}.classid = (${classSql})::int::oid AND ${alias}.objid = hashtext(${nameSql})::oid)`;
}

/** The backend pid holding a session lock, or null. */
export async function lockHolderPid(client: ClientBase, lock: AdvisoryLock): Promise<number | null> {
  const { rows } = await client.query<{ pid: number }>(
    `SELECT l.pid FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid = $1::int::oid AND l.objid = hashtext($2)::oid LIMIT 1`,
    [lock.classId, lock.name],
  );
  return rows[0]?.pid ?? null;
}
