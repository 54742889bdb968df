import { z } from 'zod';

/** States of a validation: it works, it finished (the report is filled), or it could not finish. */
export const VALIDATION_STATES = ['running', 'completed', 'failed'] as const;
export type ValidationState = (typeof VALIDATION_STATES)[number];

export type ValidationSeverity = 'critical' | 'warning' | 'info';

/** Every check a validation runs (the `check` of each result). */
export const VALIDATION_CHECKS = [
  'completeness', 'content', 'admin_integrity', 'credentials', 'tenant_isolation', 'referential_integrity', 'collection_tags',
  'quarantine', 'read_latency', 'legacy_changed', 'counts', 'timings', 'configuration', 'validation',
] as const;
export type ValidationCheck = (typeof VALIDATION_CHECKS)[number];

/** One document behind a result: its legacy `_id`, where it is in the legacy file, and what is wrong with it. */
export type SampleDetail = {
  id: string;
  /** 1-based line of its final version in the legacy file (null: the target has it, the legacy store does not). */
  line: number | null;
  file?: string;
  /** The tenant it belongs to (Nile tenant id), when it has one. */
  tenant?: string | null;
  problem?: 'missing' | 'extra' | 'changed' | 'wrong_tenant' | 'plaintext_password' | 'dangling_reference' | 'quarantined' | 'not_level_one';
  /** Fields (or typed columns) whose values differ — names only, never values. */
  fields?: string[];
  /** Tenants the target holds it under, when that is not where it belongs. */
  foundUnder?: string[];
  note?: string;
};

/**
 * One finding (seed 004's ValidationResult, extended): which check, how severe, where, what, the
 * expected and actual figures, and up to 20 legacy `_id`s a person can look up (`details` says the
 * line and the problem of each).
 */
export type ValidationResult = {
  check: ValidationCheck;
  severity: ValidationSeverity;
  collection?: string;
  tenant?: string;
  message: string;
  expected?: number | string;
  actual?: number | string;
  /** Up to 20 legacy `_id`s. */
  sample?: string[];
  details?: SampleDetail[];
  /** How many documents the finding concerns (the sample is at most 20 of them). */
  count?: number;
  /** Per-tenant figures, when a finding spans tenants. */
  breakdown?: { tenant: string; count: number }[];
};

/** Seed 004's ValidationReport: safe to proceed, why not, what to watch, facts, and what to do. */
export type ValidationReport = {
  overall: boolean;
  criticalIssues: ValidationResult[];
  warnings: ValidationResult[];
  info: ValidationResult[];
  recommendations: string[];
};

export type ValidationProgress = { checked: number; total: number; percentage: number };

/** `GET /api/migration/validations/<id>`: the report is filled once the validation completed. */
export type ValidationDetail = {
  id: string;
  runId: string;
  state: ValidationState;
  progress: ValidationProgress;
  startedAt: string | null;
  finishedAt: string | null;
} & { overall: boolean | null } & Omit<ValidationReport, 'overall'>;

/** One line of `GET /api/migration/validations`. */
export type ValidationSummary = {
  id: string;
  runId: string;
  state: ValidationState;
  progress: ValidationProgress;
  step: string;
  trigger: 'manual' | 'auto';
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  overall: boolean | null;
  counts: { critical: number; warnings: number; info: number } | null;
  error: string | null;
};

export type ValidationList = { validations: ValidationSummary[] };

/** `POST /api/migration/validate` body: which run (default: the newest). */
export const ValidateBodySchema = z.strictObject({ runId: z.uuid().optional() });
export type ValidateBody = z.infer<typeof ValidateBodySchema>;
export type ValidateResponse = { validationId: string };

export const ValidationListQuerySchema = z.object({
  runId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** The verdict other pages show (Overview, Runs, Status): the newest validation of a run, in brief. */
export type ValidationVerdict = {
  validationId: string;
  runId: string;
  state: ValidationState;
  overall: boolean | null;
  critical: number;
  warnings: number;
  percentage: number;
  finishedAt: string | null;
};
