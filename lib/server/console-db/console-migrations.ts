import type { Db } from '../db/pool';
import { migrateUp } from '../migrator/run-migrations';
import type { MigrationSet, RunResult } from '../migrator/types';
import { migration as m0001 } from './migrations/0001_console_users';
import { migration as m0002 } from './migrations/0002_audit_log';

/** Ferry's own tables (schema `ferry`), versioned like any other set but applied automatically at start. */
export const consoleMigrations: MigrationSet = { name: 'ferry', migrations: [m0001, m0002] };

/**
 * Brings Ferry's own tables up to date. Idempotent; concurrent callers wait for each other rather than
 * fail, because every process (server, worker, CLI) calls this at start.
 */
export async function ensureConsoleSchema(db: Db): Promise<RunResult> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const result = await migrateUp(db, consoleMigrations, { actor: 'ferry' });
      if (!result.ok) {
        const failed = result.steps.find((s) => !s.ok);
        throw new Error(`Ferry's own migration ${failed?.id} failed: ${failed?.error}`);
      }
      return result;
    } catch (error) {
      const isLockBusy = error instanceof Error && 'code' in error && (error as { code: unknown }).code === 'conflict' && /another migration/.test(error.message);
      if (!isLockBusy || attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
