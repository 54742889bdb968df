import type { Db } from '../../db/pool';
import { migrateUpWaiting } from '../../migrator/migrate-up-waiting';
import type { MigrationSet } from '../../migrator/types';
import { targetMigrationSet } from '../../schema/schema-migrations';
import { migration as m0001 } from './0001_documents';

/** The engine's own tables in the target database, versioned in the ledger as set `engine`. */
export const engineTables: MigrationSet = targetMigrationSet('engine', [m0001]);

/** Creates the document and checkpoint tables when missing (Nile-linted like any target migration). */
export async function ensureEngineTables(db: Db): Promise<void> {
  await migrateUpWaiting(db, engineTables);
}
