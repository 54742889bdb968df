import { z } from 'zod';

/**
 * Rollbacks: `POST /api/migration/rollback`, `GET /api/migration/rollback` (what the on-call button
 * shows), `GET /api/migration/rollback/preview`, `GET /api/migration/rollbacks[?runId=]`,
 * `GET /api/migration/rollbacks/<id>`. States are defined once here (console migration 0006's CHECK).
 */
export const ROLLBACK_STATES = ['running', 'completed', 'failed'] as const;
export type RollbackState = (typeof ROLLBACK_STATES)[number];

/** The body is optional (`curl -X POST …/rollback` undoes the last run). */
export const RollbackRequestSchema = z.strictObject({
  /** A legacy tenant key: undo that tenant only. */
  tenant: z.string().trim().min(1).max(500).optional(),
  /** Rows written after the snapshot by someone else are exported, then undone. */
  acceptLoss: z.boolean().optional(),
});
export type RollbackRequest = z.infer<typeof RollbackRequestSchema>;

export const RollbackPreviewQuerySchema = z.strictObject({ tenant: z.string().trim().min(1).max(500).optional() });

export const RollbacksQuerySchema = z.strictObject({ runId: z.uuid().optional() });

export type RollbackScope = 'run' | { tenant: string };

/** `202` (started, or joined a running rollback) or `200` (that rollback already finished; nothing changed since). */
export type RollbackAccepted = { rollbackId: string; runId: string; snapshotId: string | null; scope: RollbackScope; state: RollbackState; joined: boolean };

/**
 * Rows that differ from the snapshot for a reason other than the run, per table and tenant: `inserted`,
 * `changed` and `deleted` since the snapshot by someone else, and `modifiedRunRows` (rows the run wrote
 * that someone changed afterwards). A rollback would undo them: it needs `acceptLoss`.
 */
export type LossEntry = { table: string; tenantId: string | null; tenantName: string | null; inserted: number; changed: number; deleted: number; modifiedRunRows: number };
export type LossReport = { rows: number; entries: LossEntry[] };

export type RollbackTableResult = { name: string; removed: number; restored: number; verified: boolean | null };

export type RollbackView = {
  id: string;
  runId: string;
  snapshotId: string | null;
  scope: RollbackScope;
  state: RollbackState;
  step: string;
  restoredRows: number;
  removedRows: number;
  tables: RollbackTableResult[];
  tenantsDone: number;
  tenantsTotal: number;
  /** Tenants the run created that were kept because other rows still reference them. */
  keptTenants: { tenantId: string; reason: string }[];
  /** True once every restored table and tenant was compared with the snapshot (counts and checksums) and matched. */
  verified: boolean | null;
  acceptLoss: boolean;
  losses: LossReport | null;
  /** File name (beside the snapshot) of the encrypted export of the rows a rollback with acceptLoss undid. */
  lossExport: string | null;
  requestedBy: string;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
};

export type RollbackList = { rollbacks: RollbackView[] };

/** A tenant of the run, as the tenant picker shows it. */
export type RollbackTenant = { tenantId: string; key: string | null; name: string; rows: number };

/** `GET /api/migration/rollback`: whether there is something to roll back, for the on-call button. */
export type RollbackTarget = {
  available: boolean;
  /** Why not, when not available. */
  reason: string | null;
  run: { runId: string; state: string; createdAt: string; createdBy: string; rows: number } | null;
  snapshot: { id: string; createdAt: string; bytes: number } | null;
  tenants: RollbackTenant[];
  active: RollbackView | null;
  last: RollbackView | null;
};

/** `GET /api/migration/rollback/preview[?tenant=]`: what a rollback would undo, and what it would lose. */
export type RollbackPreview = {
  runId: string;
  snapshotId: string;
  snapshotCreatedAt: string;
  scope: RollbackScope;
  /** Rows of the run the rollback removes. */
  rows: number;
  tenants: RollbackTenant[];
  losses: LossReport;
};
