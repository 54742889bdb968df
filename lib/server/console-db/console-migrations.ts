import type { Db } from '../db/pool';
import { migrateUpWaiting } from '../migrator/migrate-up-waiting';
import type { MigrationSet, RunResult } from '../migrator/types';
import { migration as m0001 } from './migrations/0001_console_users';
import { migration as m0002 } from './migrations/0002_audit_log';
import { migration as m0003 } from './migrations/0003_migration_runs';
import { migration as m0004 } from './migrations/0004_run_states';
import { migration as m0005 } from './migrations/0005_workers';
import { migration as m0006 } from './migrations/0006_snapshots_rollbacks';
import { migration as m0007 } from './migrations/0007_validations';
import { migration as m0008 } from './migrations/0008_cutover';

/** Ferry's own tables (schema `ferry`), versioned like any other set but applied automatically at start. */
export const consoleMigrations: MigrationSet = { name: 'ferry', migrations: [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008] };

/**
 * Brings Ferry's own tables up to date. Idempotent; concurrent callers wait for each other rather than
 * fail, because every process (server, worker, CLI) calls this at start.
 */
export async function ensureConsoleSchema(db: Db): Promise<RunResult> {
  return migrateUpWaiting(db, consoleMigrations);
}
