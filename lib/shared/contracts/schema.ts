import { z } from 'zod';

/** `POST /api/schema/migrate`: apply every pending migration; `dryRun` only returns the SQL. */
export const SchemaMigrateInputSchema = z.strictObject({
  dryRun: z.boolean().optional(),
});
export type SchemaMigrateInput = z.infer<typeof SchemaMigrateInputSchema>;

/**
 * `POST /api/schema/rollback`: without `to` the last applied migration; with `to` that migration and
 * every later one, newest first. `dryRun` only returns the SQL.
 */
export const SchemaRollbackInputSchema = z.strictObject({
  to: z.string().trim().min(1, 'name the earliest migration to roll back').max(200).optional(),
  dryRun: z.boolean().optional(),
});
export type SchemaRollbackInput = z.infer<typeof SchemaRollbackInputSchema>;

/** Checksums are shown shortened to this many hex digits (as `db:migrate:status` prints them). */
export const SHORT_CHECKSUM_LENGTH = 12;

export type SchemaAppliedMigration = {
  id: string;
  name: string;
  /** The chained checksum recorded when it was applied, shortened. */
  checksum: string;
  appliedAt: string;
  appliedBy: string;
  durationMs: number;
  /** The local file differs from what was applied. */
  isEdited: boolean;
  /** Applied, but its file is gone. */
  isMissing: boolean;
};

export type SchemaPendingMigration = {
  id: string;
  name: string;
  description: string | null;
  /** The chained checksum it will be recorded with if applied now, shortened. */
  checksum: string;
  /** New, yet it sorts before an applied migration: migrating is refused until it is renamed. */
  isOutOfOrder: boolean;
};

export type SchemaProblem = { kind: 'missing' | 'edited' | 'out_of_order'; id: string; message: string };

export type SchemaLintFinding = {
  migrationId: string;
  rule: string;
  severity: 'error' | 'warning';
  message: string;
  statement: string;
};

export type SchemaLock = {
  /** Who runs the migration (an email, or `cli:<os user>`); null when the holder has not recorded itself. */
  holder: string | null;
  pid: number;
  since: string | null;
  heldMs: number | null;
};

/** `GET /api/schema`. */
export type SchemaStatusResponse = {
  set: string;
  applied: SchemaAppliedMigration[];
  pending: SchemaPendingMigration[];
  problems: SchemaProblem[];
  lint: { errors: number; warnings: number; findings: SchemaLintFinding[] };
  /** Null when no migration is running. */
  lock: SchemaLock | null;
  checkedAt: string;
};

export type SchemaStep = {
  id: string;
  name: string;
  direction: 'up' | 'down';
  ok: boolean;
  durationMs: number;
  /** The SQL the step runs (or ran), in order. */
  statements: string[];
  error: string | null;
};

/** `POST /api/schema/migrate` and `/rollback` (200), and `details.result` of a step failure (409). */
export type SchemaRunResponse = {
  ok: boolean;
  dryRun: boolean;
  direction: 'up' | 'down';
  /** Recorded in the ledger as applied-by and as the lock holder. */
  actor: string;
  steps: SchemaStep[];
};

/** `details` of the 409 answered when a step failed: what ran, and which step failed. */
export type SchemaRunFailureDetails = { result: SchemaRunResponse; failedStep: string };
