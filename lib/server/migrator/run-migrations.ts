import type { PoolClient } from 'pg';
import { AppError } from '../../shared/errors';
import { ownerPoolOf } from '../db/owner-pool';
import type { Db } from '../db/pool';
import { chainChecksum, contentHash, GENESIS } from './checksum';
import { inspectSet, sortMigrations, type SetInspection } from './inspect';
import { deleteLedgerRow, ensureLedger, insertLedgerRow } from './ledger';
import { acquireMigrationLock, recordLockHolder, releaseMigrationLock } from './lock';
import { recordSql } from './record-sql';
import type { LintFinding, Migration, MigrationDb, MigrationSet, RunResult, StepResult } from './types';

export type RunOptions = { actor: string; dryRun?: boolean };
export type RollbackOptions = RunOptions & { to?: string };

function refuseProblems(inspection: SetInspection, ids?: Set<string>): void {
  const relevant = inspection.problems.filter((p) => !ids || ids.has(p.id) || p.kind === 'missing');
  if (relevant.length > 0) {
    throw new AppError('conflict', `Refusing to migrate: ${relevant.map((p) => p.message).join(' ')}`, { details: { problems: relevant } });
  }
}

async function lintPending(set: MigrationSet, pending: Migration[]): Promise<LintFinding[]> {
  if (!set.lint) return [];
  const findings: LintFinding[] = [];
  for (const migration of pending) findings.push(...(await set.lint(migration, await recordSql(migration, 'up'))));
  return findings;
}

/**
 * Runs one migration in one direction and records it in the ledger, in one transaction unless the
 * migration opted out. Never throws: a failure becomes a failed step the caller reports.
 */
async function runStep(client: PoolClient, set: MigrationSet, migration: Migration, direction: 'up' | 'down', ledger: { checksum?: string; actor: string }): Promise<StepResult> {
  const statements = await recordSql(migration, direction);
  const db: MigrationDb = { query: (sql, params) => client.query(sql, params) };
  const inTransaction = migration.transaction !== false;
  const started = performance.now();
  try {
    if (inTransaction) await client.query('BEGIN');
    await migration[direction](db);
    if (direction === 'up') {
      await set.afterUp?.(db);
      const durationMs = Math.round(performance.now() - started);
      await insertLedgerRow(client, set.name, { id: migration.id, name: migration.name, checksum: ledger.checksum ?? '', appliedBy: ledger.actor, durationMs });
    } else {
      await deleteLedgerRow(client, set.name, migration.id);
    }
    if (inTransaction) await client.query('COMMIT');
    return { id: migration.id, name: migration.name, direction, ok: true, durationMs: Math.round(performance.now() - started), statements };
  } catch (error) {
    if (inTransaction) await client.query('ROLLBACK').catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    const note = inTransaction ? '' : ' This migration runs outside a transaction and may be partially applied.';
    return { id: migration.id, name: migration.name, direction, ok: false, durationMs: Math.round(performance.now() - started), statements, error: `${message}${note}` };
  }
}

/**
 * Holds the set's lock around `fn` (fails fast when another migrator holds it), on a connection of the
 * owner role (migrations are DDL; the runtime role may not). Dry runs take no lock.
 */
async function withSetLock<T>(db: Db, set: MigrationSet, options: RunOptions, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await ownerPoolOf(db).connect();
  let locked = false;
  try {
    if (!options.dryRun) {
      await acquireMigrationLock(client, set.name);
      locked = true;
      await ensureLedger(client);
      await recordLockHolder(client, set.name, options.actor);
    }
    return await fn(client);
  } finally {
    if (locked) await releaseMigrationLock(client, set.name).catch(() => undefined);
    client.release();
  }
}

/**
 * Applies every pending migration in id order, each in its own transaction, stopping at the first
 * failure. Refuses (throws `conflict`) when the ledger and the files disagree, and (`unprocessable`) when
 * the set's linter finds an error in a pending migration. With `dryRun` it only reports the SQL.
 */
export async function migrateUp(db: Db, set: MigrationSet, options: RunOptions): Promise<RunResult> {
  return withSetLock(db, set, options, async (client) => {
    const inspection = await inspectSet(client, set);
    refuseProblems(inspection);
    const pendingIds = new Set(inspection.pending.map((p) => p.id));
    const pending = sortMigrations(set.migrations).filter((m) => pendingIds.has(m.id));
    const lintErrors = (await lintPending(set, pending)).filter((f) => f.severity === 'error');
    if (lintErrors.length > 0) {
      throw new AppError('unprocessable', `Refusing to migrate: ${lintErrors.length} Nile-compatibility error(s), first: ${lintErrors[0]?.migrationId}: ${lintErrors[0]?.message}`, { details: { findings: lintErrors } });
    }
    const steps: StepResult[] = [];
    let previous = inspection.applied.at(-1)?.checksum ?? GENESIS;
    for (const migration of pending) {
      const checksum = chainChecksum(previous, await contentHash(migration));
      const step = options.dryRun
        ? { id: migration.id, name: migration.name, direction: 'up' as const, ok: true, durationMs: 0, statements: await recordSql(migration, 'up') }
        : await runStep(client, set, migration, 'up', { checksum, actor: options.actor });
      steps.push(step);
      if (!step.ok) break;
      previous = checksum;
    }
    return { ok: steps.every((s) => s.ok), dryRun: Boolean(options.dryRun), steps };
  });
}

/**
 * Rolls back the last applied migration, or with `to` that migration and every later one, newest first,
 * each `down` in its own transaction. Refuses when one of them is missing locally or was edited.
 */
export async function rollbackMigrations(db: Db, set: MigrationSet, options: RollbackOptions): Promise<RunResult> {
  return withSetLock(db, set, options, async (client) => {
    const inspection = await inspectSet(client, set);
    const applied = inspection.applied;
    if (options.to !== undefined && !applied.some((a) => a.id === options.to)) {
      throw new AppError('not_found', `Migration ${options.to} is not applied; applied: ${applied.map((a) => a.id).join(', ') || 'none'}.`);
    }
    const targets = (options.to === undefined ? applied.slice(-1) : applied.filter((a) => a.id >= (options.to as string))).reverse();
    refuseProblems(inspection, new Set(targets.map((t) => t.id)));
    const byId = new Map(set.migrations.map((m) => [m.id, m]));
    const steps: StepResult[] = [];
    for (const target of targets) {
      const migration = byId.get(target.id) as Migration;
      const step = options.dryRun
        ? { id: migration.id, name: migration.name, direction: 'down' as const, ok: true, durationMs: 0, statements: await recordSql(migration, 'down') }
        : await runStep(client, set, migration, 'down', { actor: options.actor });
      steps.push(step);
      if (!step.ok) break;
    }
    return { ok: steps.every((s) => s.ok), dryRun: Boolean(options.dryRun), steps };
  });
}
