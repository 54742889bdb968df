/** What a migration's `up`/`down` receive: a query function. Seed 001's `nile.db.query` shape, minus the SDK. */
export type MigrationDb = {
  query: (sql: string, params?: unknown[]) => Promise<unknown>;
};

/**
 * One versioned migration, one file (`<NNNN>_<name>.ts`). `up` and `down` must only issue SQL (their
 * statements are recorded for checksums, linting and `--dry-run` without touching a database).
 * `transaction: false` opts out of the per-migration transaction, for statements such as
 * `CREATE INDEX CONCURRENTLY`; such a migration can be left half-applied by a failure.
 */
export type Migration = {
  id: string;
  name: string;
  description?: string;
  transaction?: boolean;
  up: (db: MigrationDb) => Promise<void>;
  down: (db: MigrationDb) => Promise<void>;
};

export type LintSeverity = 'error' | 'warning';

export type LintFinding = {
  migrationId: string;
  rule: string;
  severity: LintSeverity;
  message: string;
  statement: string;
};

/** A named, ordered list of migrations with its own ledger rows and lock. */
export type MigrationSet = {
  name: string;
  migrations: Migration[];
  /**
   * Checks a migration's SQL before it is applied; an `error` finding blocks the apply. May be async: a
   * linter that needs the set's earlier migrations (which tables are tenant-aware) records their SQL.
   */
  lint?: (migration: Migration, statements: string[]) => LintFinding[] | Promise<LintFinding[]>;
  /** Runs inside each `up` transaction after the migration (e.g. the Nile emulation's isolation sweep). */
  afterUp?: (db: MigrationDb) => Promise<void>;
};

export type AppliedRow = {
  id: string;
  name: string;
  checksum: string;
  appliedAt: string;
  appliedBy: string;
  durationMs: number;
};

export type ProblemKind = 'missing' | 'edited' | 'out_of_order';

export type MigrationProblem = { kind: ProblemKind; id: string; message: string };

export type LockHolder = { holder: string | null; pid: number; since: string | null };

export type StepResult = {
  id: string;
  name: string;
  direction: 'up' | 'down';
  ok: boolean;
  durationMs: number;
  statements: string[];
  error?: string;
};

export type RunResult = {
  ok: boolean;
  dryRun: boolean;
  steps: StepResult[];
};
