import os from 'node:os';
import type { Command } from 'commander';
import { AppError } from '../../shared/errors';
import type { Db } from '../../server/db/pool';
import { migrateUp, rollbackMigrations } from '../../server/migrator/run-migrations';
import type { MigrationSet, RunResult } from '../../server/migrator/types';
import { schemaMigrations } from '../../server/schema/schema-migrations';
import { formatLint, formatSchemaStatus, getSchemaStatus, isSchemaCheckFailing } from '../../server/schema/schema-status';
import { rollbackSeed } from '../../server/schema/seed/rollback-seed';
import { seedDatabase } from '../../server/schema/seed/seed-database';
import { assertSeedingAllowed } from '../../server/schema/seed/seed-guards';
import { reportCliError, runWithDatabase } from '../run-with-database';
import { registerHealthCommand } from './health';

/** Where command output goes (stdout lines); tests pass their own. */
export type Print = (line: string) => void;

export type DbCommandOptions = { actor?: string; set?: MigrationSet; print?: Print };

/** The actor recorded in the ledger for CLI runs: `cli:<os username>`. */
export function cliActor(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return `cli:${process.env.USER ?? process.env.USERNAME ?? 'unknown'}`;
  }
}

function resolve(options: DbCommandOptions): { actor: string; set: MigrationSet; print: Print } {
  return { actor: options.actor ?? cliActor(), set: options.set ?? schemaMigrations, print: options.print ?? ((line) => console.log(line)) };
}

function printSql(print: Print, result: RunResult): void {
  for (const step of result.steps) {
    print(`-- ${step.direction === 'up' ? 'apply' : 'roll back'} ${step.id}: ${step.name}`);
    for (const statement of step.statements) print(`${statement};\n`);
  }
  print('-- Dry run: nothing was changed.');
}

/** Throws, naming the failed step, when a run stopped at a failure (the caller exits non-zero). */
function assertRunSucceeded(result: RunResult, retry: string): void {
  const failed = result.steps.find((s) => !s.ok);
  if (!failed) return;
  const transactional = !/outside a transaction/.test(failed.error ?? '');
  throw new AppError('unprocessable', `Migration ${failed.id} failed${failed.direction === 'down' ? ' to roll back' : ''}: ${failed.error}${transactional ? ' Nothing of it was applied (its transaction was rolled back).' : ''} Fix it, then run \`${retry}\` again.`);
}

/**
 * `db migrate`: applies the pending migrations in id order. `dryRun` prints their SQL and changes
 * nothing; `check` lints every migration and checks the ledger, changing nothing. Throws on a refusal
 * (ledger problems, lint errors, lock held), a failed migration or a failing check.
 */
export async function dbMigrate(db: Db, flags: { dryRun?: boolean; check?: boolean }, options: DbCommandOptions = {}): Promise<void> {
  const { actor, set, print } = resolve(options);
  if (flags.check) {
    const status = await getSchemaStatus(db, set);
    for (const p of status.problems) print(`PROBLEM [${p.kind}] ${p.message}`);
    for (const line of formatLint(status.lint)) print(line);
    if (isSchemaCheckFailing(status)) throw new AppError('unprocessable', `Check failed: ${status.problems.length} ledger problem(s), ${status.lint.filter((f) => f.severity === 'error').length} lint error(s) (listed above).`);
    print(`Check passed: ${set.migrations.length} migration(s) lint clean, ledger consistent, ${status.pending.length} pending.`);
    return;
  }
  const result = await migrateUp(db, set, { actor, dryRun: flags.dryRun });
  if (result.steps.length === 0) {
    print(`Nothing to migrate: all ${set.migrations.length} migration(s) of "${set.name}" are applied.`);
    return;
  }
  if (result.dryRun) return printSql(print, result);
  for (const step of result.steps) print(`${step.ok ? 'applied ' : 'FAILED  '} ${step.id}  (${step.durationMs} ms)`);
  assertRunSucceeded(result, 'npm run db:migrate');
  print(`Done: ${result.steps.length} migration(s) applied as ${actor}.`);
}

/**
 * `db rollback [id]`: without an id the last applied migration, with one that migration and every later
 * one, newest first. Prints the plan before doing anything; `dryRun` then prints the SQL and stops.
 */
export async function dbRollback(db: Db, flags: { to?: string; dryRun?: boolean }, options: DbCommandOptions = {}): Promise<void> {
  const { actor, set, print } = resolve(options);
  const plan = await rollbackMigrations(db, set, { actor, to: flags.to, dryRun: true });
  if (plan.steps.length === 0) {
    print(`Nothing to roll back: no migration of "${set.name}" is applied.`);
    return;
  }
  print(`Plan: roll back ${plan.steps.length} migration(s), newest first: ${plan.steps.map((s) => s.id).join(', ')}.`);
  if (flags.dryRun) return printSql(print, plan);
  const result = await rollbackMigrations(db, set, { actor, to: flags.to });
  for (const step of result.steps) print(`${step.ok ? 'rolled back' : 'FAILED     '} ${step.id}  (${step.durationMs} ms)`);
  assertRunSucceeded(result, `npm run db:migrate:rollback${flags.to ? ` ${flags.to}` : ''}`);
  print(`Done: ${result.steps.length} migration(s) rolled back as ${actor}.`);
}

/** `db status`: applied (short checksum, at, by, duration), pending, problems, lock holder, lint. */
export async function dbStatus(db: Db, options: DbCommandOptions = {}): Promise<void> {
  const { set, print } = resolve(options);
  for (const line of formatSchemaStatus(await getSchemaStatus(db, set))) print(line);
}

/** `db seed`: writes the development data set (refused in production and on an unmigrated schema). */
export async function dbSeed(db: Db, options: DbCommandOptions = {}): Promise<void> {
  const { print } = resolve(options);
  const report = await seedDatabase(db);
  const rows = Object.entries(report.rows).map(([table, n]) => `${table} ${n}`).join(', ');
  print(`Seeded: tenants ${report.tenants}, users ${report.users}, memberships ${report.tenantUsers}; ${rows}.`);
  if (report.tenants === 0 && Object.values(report.rows).every((n) => n === 0)) print('Everything was already there: seeding is idempotent.');
}

/** `db seed-rollback`: removes exactly what `db seed` wrote; fails when a tenant's rows could not be removed. */
export async function dbSeedRollback(db: Db, options: DbCommandOptions = {}): Promise<void> {
  const { print } = resolve(options);
  const report = await rollbackSeed(db);
  const rows = Object.entries(report.rows).map(([table, n]) => `${table} ${n}`).join(', ');
  print(`Removed: tenants ${report.tenants}, users ${report.users}, memberships ${report.tenantUsers}; ${rows}.`);
  for (const line of report.kept) print(`kept: ${line}`);
  if (report.problems.length > 0) throw new AppError('conflict', `Seed rollback incomplete: ${report.problems.join(' ')}`);
}

/** Refuses a seed command in production before any database is opened (openDatabase itself writes). */
function guarded(action: 'seed' | 'seed rollback', run: (db: Db) => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      assertSeedingAllowed(action);
    } catch (error) {
      reportCliError(error);
      return;
    }
    await runWithDatabase(run);
  };
}

/** `ferry db …`: the target schema's migrations and the development seed (see package.json's db:* scripts). */
export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('The target schema (PenguinMails tables): versioned migrations, Nile lint, development seed.');
  db.command('migrate')
    .description('Apply pending migrations in order (each in its own transaction, after the Nile lint).')
    .option('--dry-run', 'print the SQL of each pending migration; change nothing')
    .option('--check', 'lint every migration and check the ledger; change nothing; exit 1 on an error')
    .action(async (flags: { dryRun?: boolean; check?: boolean }) => runWithDatabase((pool) => dbMigrate(pool, flags)));
  db.command('rollback')
    .description('Roll back the last migration, or <id> and every later one (newest first), after printing the plan.')
    .argument('[id]', 'the earliest migration to roll back')
    .option('--dry-run', 'print the plan and the SQL; change nothing')
    .action(async (id: string | undefined, flags: { dryRun?: boolean }) => runWithDatabase((pool) => dbRollback(pool, { to: id, dryRun: flags.dryRun })));
  db.command('status')
    .description('Applied migrations (checksum, when, by whom, duration), pending ones, problems, lock holder, lint.')
    .action(async () => runWithDatabase((pool) => dbStatus(pool)));
  db.command('seed')
    .description('Write deterministic development data for all 13 entities (refused in production).')
    .action(guarded('seed', (pool) => dbSeed(pool)));
  db.command('seed-rollback')
    .description('Remove exactly the rows `db seed` wrote (refused in production).')
    .action(guarded('seed rollback', (pool) => dbSeedRollback(pool)));
  registerHealthCommand(db);
}
