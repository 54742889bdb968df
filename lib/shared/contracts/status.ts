import { z } from 'zod';
import type { AdapterMode } from './adapter';

export const STATUS_PHASES = ['planning', 'snapshot', 'migrating', 'validating', 'hybrid', 'cut_over', 'rolled_back'] as const;
export type StatusPhase = (typeof STATUS_PHASES)[number];

/**
 * The stakeholder status anyone with a share link may read (`GET /api/status/shared`): where the move
 * stands in plain words. Deliberately free of anything that identifies a person, a machine or a record:
 * no emails, ids, host names, directories or SQL — only phases, counts, percentages and times.
 */
export type PublicStatus = {
  phase: StatusPhase;
  headline: string;
  detail: string;
  /** Of the current (or last) run, 0–100; null before any run. */
  percent: number | null;
  records: { processed: number; total: number } | null;
  /** ISO time the active run is expected to finish; null when it cannot be told. */
  expectedFinish: string | null;
  validation: { verdict: 'running' | 'passed' | 'failed' | 'error'; critical: number; warnings: number; info: number; at: string | null } | null;
  mode: AdapterMode;
  /** The newest change behind this status (a run, a validation, a mode switch). */
  updatedAt: string;
  /** When this reading was computed. */
  readAt: string;
};

/** `POST /api/status/links`. */
export const CreateStatusLinkInputSchema = z.strictObject({ label: z.string().trim().min(1).max(100).default('Stakeholders') });
export type CreateStatusLinkInput = z.input<typeof CreateStatusLinkInputSchema>;

export type StatusLinkView = { id: string; label: string; createdBy: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };
/** `201` of `POST /api/status/links`: the token and the page's URL are in this answer only. */
export type CreatedStatusLink = StatusLinkView & { token: string; url: string };
