import type { Db } from '../db/pool';
import { migrateUp } from './run-migrations';
import type { MigrationSet, RunResult } from './types';

function isLockBusy(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'conflict' && /another migration/.test((error as Error).message);
}

/**
 * Applies a set's pending migrations for a process that is starting up (server, worker, CLI): when
 * another process holds the set's lock it waits for it (up to ~10 s) instead of failing, and a failed
 * step becomes an error. For sets Ferry manages itself; people-facing commands use `migrateUp` directly.
 */
export async function migrateUpWaiting(db: Db, set: MigrationSet, actor = 'ferry'): Promise<RunResult> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const result = await migrateUp(db, set, { actor });
      const failed = result.steps.find((s) => !s.ok);
      if (failed) throw new Error(`Migration ${set.name}/${failed.id} failed: ${failed.error}`);
      return result;
    } catch (error) {
      if (!isLockBusy(error) || attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
