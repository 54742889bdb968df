import { ownerPoolOf } from '../../db/owner-pool';
import type { Db } from '../../db/pool';
import { migrateUpWaiting } from '../../migrator/migrate-up-waiting';
import type { MigrationSet } from '../../migrator/types';
import { targetMigrationSet } from '../../schema/schema-migrations';
import { migration as m0001 } from './0001_documents';
import { migration as m0002 } from './0002_checkpoint_xids';

/** The engine's own tables in the target database, versioned in the ledger as set `engine`. */
export const engineTables: MigrationSet = targetMigrationSet('engine', [m0001, m0002]);

const ensured = new WeakMap<Db, Promise<void>>();

/**
 * Creates the document and checkpoint tables when missing (Nile-linted like any target migration), as
 * the owner role. Once per pool and process: the first caller (a process's start) does the work, every
 * later call (each migration start, each worker) reuses its outcome; a failure is retried next time.
 */
export function ensureEngineTables(db: Db): Promise<void> {
  let done = ensured.get(db);
  if (!done) {
    done = migrateUpWaiting(ownerPoolOf(db), engineTables).then(() => undefined);
    ensured.set(db, done);
    done.catch(() => ensured.delete(db));
  }
  return done;
}
