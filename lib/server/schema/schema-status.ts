import type { Db } from '../db/pool';
import { inspectSet, type SetInspection } from '../migrator/inspect';
import type { LintFinding, MigrationSet } from '../migrator/types';
import { lintMigrationSet } from './nile-lint';
import { schemaMigrations } from './schema-migrations';

/** Everything the CLI's `db status` / `db migrate --check` and the console's Schema page show. */
export type SchemaStatus = SetInspection & {
  /** Nile-lint findings over every migration of the set (applied and pending). */
  lint: LintFinding[];
  /** How long the current lock holder has held the lock, when known. */
  lockHeldMs: number | null;
};

/**
 * Reads the ledger, compares it with the local migrations (missing, edited, out of order), reads the
 * lock holder and lints every migration. Read-only: takes no lock and creates nothing, so it works
 * while a migration runs and before the ledger exists.
 */
export async function getSchemaStatus(db: Db, set: MigrationSet = schemaMigrations): Promise<SchemaStatus> {
  const client = await db.connect();
  try {
    const inspection = await inspectSet(client, set);
    const lint = await lintMigrationSet(set.migrations);
    const since = inspection.lock?.since ? Date.parse(inspection.lock.since) : NaN;
    return { ...inspection, lint, lockHeldMs: Number.isNaN(since) ? null : Math.max(0, Date.now() - since) };
  } finally {
    client.release();
  }
}

/** True when `db migrate --check` must fail: a lint error or a ledger problem. */
export function isSchemaCheckFailing(status: SchemaStatus): boolean {
  return status.problems.length > 0 || status.lint.some((f) => f.severity === 'error');
}

function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** `YYYY-MM-DD HH:MM:SS UTC` for a timestamp PostgreSQL printed, or the text itself when unparseable. */
function utc(timestamp: string): string {
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? timestamp : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** One line about the lock: free, or who holds it, since when and for how long. */
export function describeLock(status: SchemaStatus): string {
  const lock = status.lock;
  if (!lock) return 'Lock: free.';
  const since = lock.since ? ` since ${utc(lock.since)}` : '';
  const held = status.lockHeldMs === null ? '' : ` (${duration(status.lockHeldMs)})`;
  return `Lock: held by ${lock.holder ?? 'an unknown process'}, pid ${lock.pid}${since}${held}.`;
}

/** The status as lines for a terminal: applied (short checksum, when, by whom, how long), pending, problems, lock, lint. */
export function formatSchemaStatus(status: SchemaStatus): string[] {
  const lines = [`Migration set "${status.set}"`, '', `Applied (${status.applied.length}):`];
  const width = Math.max(0, ...[...status.applied, ...status.pending].map((m) => m.id.length));
  for (const a of status.applied) {
    const flag = a.isMissing ? '  MISSING LOCALLY' : a.isEdited ? '  EDITED SINCE APPLIED' : '';
    lines.push(`  ${a.id.padEnd(width)}  ${a.checksum.slice(0, 12)}  ${utc(a.appliedAt)}  by ${a.appliedBy}  ${duration(a.durationMs)}${flag}`);
  }
  if (status.applied.length === 0) lines.push('  (none)');
  lines.push('', `Pending (${status.pending.length}):`);
  for (const p of status.pending) lines.push(`  ${p.id.padEnd(width)}  ${p.name}`);
  if (status.pending.length === 0) lines.push('  (none)');
  lines.push('', status.problems.length === 0 ? 'Problems: none.' : `Problems (${status.problems.length}):`);
  for (const p of status.problems) lines.push(`  [${p.kind}] ${p.message}`);
  lines.push('', describeLock(status), '', ...formatLint(status.lint));
  return lines;
}

/** Lint findings as lines, errors first, each with its rule, message and the statement it concerns. */
export function formatLint(findings: LintFinding[]): string[] {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const lines = [`Nile lint: ${errors} error(s), ${findings.length - errors} warning(s).`];
  const sorted = [...findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  for (const f of sorted) lines.push(`  ${f.severity.toUpperCase()} [${f.rule}] ${f.message}`, `      in: ${f.statement}`);
  return lines;
}
