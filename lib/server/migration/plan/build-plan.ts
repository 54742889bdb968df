import type { MigrationPlan, PlanIssue } from '../../../shared/contracts/plan';
import type { Db } from '../../db/pool';
import type { MappingSource } from '../../mapping/load-mapping';
import type { CollectionTarget } from '../../mapping/resolve-targets';
import { analyzeCollection, type AnalysisDepth, type CollectionAnalysis } from './plan-collection';
import { planTargets } from './plan-targets';
import { planWarnings } from './plan-warnings';
import { describeProtection } from '../../snapshot/describe-protection';

/** A conservative load rate for estimates (rows/s) until a run on this machine has measured one. */
export const DEFAULT_ROWS_PER_SECOND = 40_000;

export type PlanOptions = {
  db: Db;
  legacyDir: string;
  mapping: MappingSource;
  rowsPerSecond?: number;
  /** `scan` skips the per-document analysis (tenants, profile, conversion checks): enough to start a run. */
  depth?: AnalysisDepth;
};

export type PlanResult = { plan: MigrationPlan; analyses: CollectionAnalysis[]; targets: CollectionTarget[] };

function emptyPlan(legacyDir: string, mappingFile: string | null, blockers: PlanIssue[]): MigrationPlan {
  return {
    legacyDir, mappingFile, generatedAt: new Date().toISOString(), collections: [],
    totals: { collections: 0, bytes: 0, lines: 0, records: 0, tenants: 0, quarantineExpected: 0, estimatedSeconds: 0 },
    blockers, warnings: [], ready: false,
  };
}

/**
 * The plan: reads the legacy directory and the target's shape, writes nothing. Every collection with
 * its accounting, destination, tenants and field profile; totals and estimates; blockers (the run would
 * fail or do harm) and warnings (it would run; read them). `ready` is true when there are no blockers.
 */
export async function buildPlan(options: PlanOptions): Promise<PlanResult> {
  const { db, legacyDir, mapping } = options;
  const { directory, targets, files, listed, blockers, warnings: entryWarnings } = await planTargets(db, legacyDir, mapping);
  if (!directory) return { plan: emptyPlan(legacyDir, mapping.file, blockers), analyses: [], targets: [] };
  const { protection, blockers: snapshotBlockers } = await describeProtection(db, { legacyDir, mapping });
  blockers.push(...snapshotBlockers);
  const analyses: CollectionAnalysis[] = [];
  for (const target of targets) analyses.push(await analyzeCollection(files.get(target.collection) as string, target, mapping.config.withoutTenant, options.depth, listed.get(target.collection)?.identity));

  const rate = options.rowsPerSecond ?? DEFAULT_ROWS_PER_SECOND;
  const collections = analyses.map((a) => ({ ...a.plan, estimatedSeconds: Math.ceil(a.plan.live / rate) }));
  const allTenants = new Set(analyses.flatMap((a) => [...a.tenantKeys]));
  const quarantineExpected = collections.reduce((sum, c) => sum + (typeof mapping.config.withoutTenant === 'object' ? 0 : c.withoutTenant) + c.conversionFailures.count + (c.unstorable?.count ?? 0), 0);
  const totals = {
    collections: collections.length,
    bytes: collections.reduce((sum, c) => sum + c.bytes, 0),
    lines: collections.reduce((sum, c) => sum + c.lines, 0),
    records: collections.reduce((sum, c) => sum + c.live, 0),
    tenants: allTenants.size,
    quarantineExpected,
    estimatedSeconds: Math.ceil(collections.reduce((sum, c) => sum + c.live, 0) / rate),
  };
  const plan: MigrationPlan = {
    legacyDir: directory.dir, mappingFile: mapping.file, generatedAt: new Date().toISOString(), collections, totals,
    blockers, warnings: [...entryWarnings, ...planWarnings(analyses, mapping.config)], ready: blockers.length === 0, protection,
  };
  return { plan, analyses, targets };
}
