import 'server-only';
import { AppError } from '../../shared/errors';
import {
  SHORT_CHECKSUM_LENGTH,
  type SchemaRunFailureDetails,
  type SchemaRunResponse,
  type SchemaStatusResponse,
} from '../../shared/contracts/schema';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/pool';
import { migrateUp, rollbackMigrations } from '../migrator/run-migrations';
import type { MigrationSet, RunResult } from '../migrator/types';
import { schemaMigrations } from './schema-migrations';
import { getSchemaStatus, type SchemaStatus } from './schema-status';

export type SchemaRunOptions = { dryRun?: boolean; set?: MigrationSet };
export type SchemaRollbackOptions = SchemaRunOptions & { to?: string };

const short = (checksum: string) => checksum.slice(0, SHORT_CHECKSUM_LENGTH);

/** An ISO timestamp for one PostgreSQL printed as text; the text itself if it cannot be parsed. */
function iso(timestamp: string): string {
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? timestamp : new Date(ms).toISOString();
}

/** The name recorded in the ledger and as lock holder for console and API runs: the caller's email. */
export function schemaActorName(actor: Actor): string {
  return actor.email ?? actor.name;
}

/** The Schema page's view of a status: typed objects only, shortened checksums, ISO timestamps. */
export function toSchemaStatusResponse(status: SchemaStatus, now = new Date()): SchemaStatusResponse {
  const outOfOrder = new Set(status.problems.filter((p) => p.kind === 'out_of_order').map((p) => p.id));
  const errors = status.lint.filter((f) => f.severity === 'error').length;
  return {
    set: status.set,
    applied: status.applied.map((a) => ({
      id: a.id, name: a.name, checksum: short(a.checksum), appliedAt: iso(a.appliedAt), appliedBy: a.appliedBy,
      durationMs: a.durationMs, isEdited: a.isEdited, isMissing: a.isMissing,
    })),
    pending: status.pending.map((p) => ({
      id: p.id, name: p.name, description: p.description ?? null, checksum: short(p.checksum), isOutOfOrder: outOfOrder.has(p.id),
    })),
    problems: status.problems.map((p) => ({ kind: p.kind, id: p.id, message: p.message })),
    lint: {
      errors,
      warnings: status.lint.length - errors,
      findings: status.lint.map((f) => ({ migrationId: f.migrationId, rule: f.rule, severity: f.severity, message: f.message, statement: f.statement })),
    },
    lock: status.lock
      ? { holder: status.lock.holder, pid: status.lock.pid, since: status.lock.since ? iso(status.lock.since) : null, heldMs: status.lockHeldMs }
      : null,
    checkedAt: now.toISOString(),
  };
}

/** `GET /api/schema`: the target schema's ledger, pending migrations, problems, lint and lock holder. Read-only. */
export async function getSchemaOverview(db: Db, set: MigrationSet = schemaMigrations): Promise<SchemaStatusResponse> {
  return toSchemaStatusResponse(await getSchemaStatus(db, set));
}

function toRunResponse(result: RunResult, actor: string, direction: 'up' | 'down'): SchemaRunResponse {
  return {
    ok: result.ok,
    dryRun: result.dryRun,
    direction,
    actor,
    steps: result.steps.map((s) => ({
      id: s.id, name: s.name, direction: s.direction, ok: s.ok, durationMs: s.durationMs, statements: s.statements, error: s.error ?? null,
    })),
  };
}

/**
 * A run that stopped at a failed step becomes a `conflict` whose details carry the whole result (the
 * steps before it stay done: each migration commits on its own) and the failed step's id.
 */
function assertRunSucceeded(response: SchemaRunResponse): SchemaRunResponse {
  const failed = response.steps.find((s) => !s.ok);
  if (!failed) return response;
  const done = response.steps.filter((s) => s.ok).length;
  const verb = response.direction === 'up' ? 'applied' : 'rolled back';
  const transactional = !/outside a transaction/.test(failed.error ?? '');
  const message = `Migration ${failed.id} failed${response.direction === 'down' ? ' to roll back' : ''}: ${failed.error}`
    + `${transactional ? ' Nothing of it was applied (its transaction was rolled back).' : ''}`
    + ` ${done} earlier migration(s) were ${verb} and stay so. Fix it, then run again.`;
  const details: SchemaRunFailureDetails = { result: response, failedStep: failed.id };
  throw new AppError('conflict', message, { details });
}

/**
 * Applies every pending migration of the target schema as `actor` (recorded as applied-by), or with
 * `dryRun` returns their SQL and changes nothing. Throws `conflict` when refused (lock held: details
 * `{ lock }`; ledger problems: `{ problems }`) or when a step failed (`SchemaRunFailureDetails`), and
 * `unprocessable` when the Nile linter finds an error (`{ findings }`).
 */
export async function migrateSchema(db: Db, actor: Actor, options: SchemaRunOptions = {}): Promise<SchemaRunResponse> {
  const name = schemaActorName(actor);
  const result = await migrateUp(db, options.set ?? schemaMigrations, { actor: name, dryRun: options.dryRun });
  return assertRunSucceeded(toRunResponse(result, name, 'up'));
}

/**
 * Rolls back the last applied migration, or `to` and every later one, newest first, as `actor`; with
 * `dryRun` returns the plan's SQL and changes nothing. Throws `not_found` when `to` is not applied,
 * `conflict` when refused (lock, ledger problems) or when a step failed (`SchemaRunFailureDetails`).
 */
export async function rollbackSchema(db: Db, actor: Actor, options: SchemaRollbackOptions = {}): Promise<SchemaRunResponse> {
  const name = schemaActorName(actor);
  const result = await rollbackMigrations(db, options.set ?? schemaMigrations, { actor: name, to: options.to, dryRun: options.dryRun });
  return assertRunSucceeded(toRunResponse(result, name, 'down'));
}
