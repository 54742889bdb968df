import { z } from 'zod';

import type { CollectionState, RunState } from '../run-states';
import type { PublicStatus } from './status';

export { ACTIVE_RUN_STATES, RUN_STATES, type CollectionState, type RunState } from '../run-states';

/** `GET /api/migration/progress` — the live state of a run. */
export type MigrationProgress = {
  runId: string;
  state: RunState;
  step: string;
  percentage: number;
  processed: number;
  total: number;
  /** True while some collection is not scanned yet: its total is then its line count, an upper bound. */
  totalIsEstimate: boolean;
  rowsPerSecond: number;
  etaSeconds: number | null;
  startedAt: string | null;
  updatedAt: string;
  collections: {
    name: string;
    target: string;
    state: CollectionState;
    processed: number;
    total: number;
    quarantined: number;
    migrated: number;
    /**
     * Every line of the file accounted for, once it is scanned: lines = migrated + quarantined +
     * superseded + deleted + metadata + blank + corrupt + withoutId (`balanced` when a completed
     * collection's equation holds).
     */
    accounting: { lines: number; superseded: number; deleted: number; metadata: number; blank: number; corrupt: number; withoutId: number; balanced: boolean | null } | null;
  }[];
  tenants: { tenantId: string; name: string; rows: number }[];
  /** rows/s over time, oldest first (for the chart). */
  throughput: { at: string; rowsPerSecond: number }[];
  errors: { at: string; message: string; collection: string | null }[];
  /** Tenants rolled back one at a time (the run itself stays as it was), oldest first. */
  rolledBackTenants?: { tenantId: string; tenantKey: string; rollbackId: string; finishedAt: string | null }[];
};

export type RunSummary = { runId: string; state: RunState; createdAt: string; createdBy: string; finishedAt: string | null; processed: number; total: number };

/** `GET /api/migration/status`. */
export type MigrationStatus = {
  mode: 'legacy' | 'hybrid' | 'new';
  activeRun: RunSummary | null;
  lastRun: RunSummary | null;
  legacy: { collections: number; records: number };
  new: { records: number };
  /** What share links show too: phase, the last validation's verdict, the time of the last change. */
  stakeholder: PublicStatus;
};

export type RunEvent = { kind: 'event'; id: number; at: string; level: 'info' | 'warn' | 'error'; message: string; runId: string; collection: string | null; details: Record<string, unknown> };
export type AuditEvent = { kind: 'audit'; id: number; at: string; level: 'info' | 'warn' | 'error'; message: string; actor: string | null; outcome: string; action: string; target: string | null; status: number | null };

const since = z.iso.datetime({ offset: true });

/**
 * `GET /api/migration/logs`: run events and the audit trail. `level` and time (`from`, `to`) filter both;
 * `runId` and `collection` only run events exist for; `actor`, `action` (a prefix) and `outcome` only
 * audit entries have. `before` is the previous page's `nextBefore`; `format=csv` downloads the page.
 */
export const LogsQuerySchema = z.object({
  runId: z.uuid().optional(),
  level: z.enum(['info', 'warn', 'error']).optional(),
  collection: z.string().max(200).optional(),
  source: z.enum(['events', 'audit', 'all']).default('all'),
  actor: z.string().trim().min(1).max(254).optional(),
  action: z.string().trim().min(1).max(100).optional(),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
  from: since.optional(),
  to: since.optional(),
  before: since.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(100),
  format: z.enum(['json', 'csv']).default('json'),
});
export type LogsQuery = z.input<typeof LogsQuerySchema>;

export type StartMigrationResponse = { runId: string; resumed: boolean };
export type StopMigrationResponse = { runId: string; state: RunState };

/** A legacy document kept aside instead of migrated (`GET /api/migration/quarantine`). */
export type QuarantinedDocument = { runId: string; collection: string; file: string; line: number; legacyId: string | null; tenantKey: string | null; reason: string; document: unknown };
export type QuarantinePage = { total: number; items: QuarantinedDocument[]; next: string | null };
