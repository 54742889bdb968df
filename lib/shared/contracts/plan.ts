/** `GET /api/migration/plan` — what a migration would do, computed by reading only. */

export type PlanIssue = { code: string; message: string; collection?: string; recommendation?: string };

export type LineSampleView = { line: number; excerpt: string; reason: string };

export type FieldProfileView = { field: string; present: number; nulls: number; nullRatio: number; types: Record<string, number> };

export type CollectionPlan = {
  name: string;
  file: string;
  bytes: number;
  lines: number;
  /** Live documents: what will be migrated or quarantined. */
  live: number;
  superseded: number;
  deleted: number;
  metadata: number;
  blank: number;
  corrupt: { count: number; samples: LineSampleView[] };
  withoutId: { count: number; samples: LineSampleView[] };
  category: 'admin' | 'application';
  target: string;
  targetKind: 'admin_documents' | 'app_documents' | 'typed';
  tenantField: string | null;
  tenants: number;
  /** Live documents with no tenant key (quarantined, or assigned when the mapping says so). */
  withoutTenant: number;
  /** Live documents a typed mapping cannot convert (they will be quarantined), with the first reasons. */
  conversionFailures: { count: number; samples: { line: number; reason: string }[] };
  fields: FieldProfileView[];
  fieldsTruncated: boolean;
  estimatedRecords: number;
  estimatedSeconds: number;
  dependsOn: string[];
};

export type MigrationPlan = {
  legacyDir: string;
  mappingFile: string | null;
  generatedAt: string;
  collections: CollectionPlan[];
  totals: { collections: number; bytes: number; lines: number; records: number; tenants: number; quarantineExpected: number; estimatedSeconds: number };
  blockers: PlanIssue[];
  warnings: PlanIssue[];
  ready: boolean;
};
