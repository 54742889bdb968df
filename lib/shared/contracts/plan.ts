/** `GET /api/migration/plan` — what a migration would do, computed by reading only. */

export type PlanIssue = { code: string; message: string; collection?: string; recommendation?: string };

/** One reported line of a legacy file: 1-based number, the start of its text, and why it was reported. */
export type LineSample = { line: number; excerpt: string; reason: string };

/** A count with the first few examples (the count is exact, the samples are capped). */
export type SampledCount = { count: number; samples: LineSample[] };

/**
 * Per-collection line accounting of a legacy file, as the reader's pass 1 finds it. Invariant (tested):
 * `lines = live + superseded + deleted + metadata + blank + corrupt.count + withoutId.count`.
 */
export type LineAccounting = {
  /** File name without `.db`. */
  name: string;
  file: string;
  bytes: number;
  /** Every line, blank ones included; a torn last line without `\n` counts. */
  lines: number;
  /** Lines holding the final version of a document that is still present: what will be migrated or quarantined. */
  live: number;
  /** Document lines replaced by a later line with the same `_id`, or removed by a tombstone. */
  superseded: number;
  /** Tombstone lines (`{"$$deleted":true,"_id":…}`), whether or not they removed anything. */
  deleted: number;
  /** `$$indexCreated` / `$$indexRemoved` lines. */
  metadata: number;
  /** Empty lines (after removing a CRLF's `\r`); whitespace-only lines are corrupt, as in NeDB. */
  blank: number;
  corrupt: SampledCount;
  /** Parseable lines NeDB silently ignores: no or falsy `_id`, non-objects, `_id: "__proto__"`. */
  withoutId: SampledCount;
};

export type FieldProfileView = { field: string; present: number; nulls: number; nullRatio: number; types: Record<string, number> };

export type CollectionPlan = LineAccounting & {
  category: 'admin' | 'application';
  target: string;
  targetKind: 'admin_documents' | 'app_documents' | 'typed';
  tenantField: string | null;
  tenants: number;
  /** Live documents with no tenant key (quarantined, or assigned when the mapping says so). */
  withoutTenant: number;
  /** Live documents a typed mapping cannot convert (they will be quarantined), with the first reasons. */
  conversionFailures: { count: number; samples: { line: number; reason: string }[] };
  /**
   * Live documents holding a value PostgreSQL refuses or would alter (a NUL character, a lone
   * surrogate, a number beyond `numeric`): they will be quarantined, with the first reasons.
   */
  unstorable?: { count: number; samples: { line: number; reason: string }[] };
  /** Live documents with a `$$date` NeDB reads as an Invalid Date (migrated as NeDB has them: `{"$$date":null}`). */
  invalidDates?: SampledCount;
  fields: FieldProfileView[];
  fieldsTruncated: boolean;
  estimatedRecords: number;
  estimatedSeconds: number;
  dependsOn: string[];
};

/** Which rollback snapshot will protect the next run: a fresh verified one (its id), or a new one (null). */
export type PlanProtection = { snapshotId: string | null; takenAt: string | null; message: string };

export type MigrationPlan = {
  legacyDir: string;
  mappingFile: string | null;
  generatedAt: string;
  collections: CollectionPlan[];
  totals: { collections: number; bytes: number; lines: number; records: number; tenants: number; quarantineExpected: number; estimatedSeconds: number };
  blockers: PlanIssue[];
  warnings: PlanIssue[];
  ready: boolean;
  protection?: PlanProtection;
};
