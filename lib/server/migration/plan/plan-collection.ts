import { lstat } from 'node:fs/promises';
import { createFieldProfiler } from '../../legacy/profile-documents';
import { readLiveDocumentBatches } from '../../legacy/read-live-documents';
import { scanCollection } from '../../legacy/scan-collection';
import type { CollectionScan, FileIdentity } from '../../legacy/types';
import type { CollectionTarget } from '../../mapping/resolve-targets';
import type { CollectionPlan } from '../../../shared/contracts/plan';
import { buildRow, tenantKeyOf, unstorableTenantKey } from '../build-rows';

const MAX_TENANT_KEYS = 100_000;
const PLAN_RUN_ID = '00000000-0000-0000-0000-000000000000';

export type CollectionAnalysis = {
  plan: Omit<CollectionPlan, 'estimatedSeconds'>;
  scan: CollectionScan;
  tenantKeys: Set<string>;
  /** Live documents that look like an active Level-1 admin (level 1, not disabled). */
  activeLevelOneAdmins: number;
};

function isActiveLevelOne(doc: Record<string, unknown>): boolean {
  const level = doc.level;
  const disabled = doc.disabled === true || doc.active === false || doc.isActive === false || doc.status === 'disabled' || doc.status === 'inactive';
  return (level === 1 || level === '1') && !disabled;
}

/**
 * Reads one collection twice without writing anything: pass 1 for the line accounting, pass 2 over
 * every live document for its tenants, documents without tenant, typed-mapping conversion failures, a
 * field profile and admin integrity. Memory stays bounded (ids index, capped field and tenant sets).
 * It also predicts every quarantine the run will make: documents without a usable tenant, conversion
 * failures, and values PostgreSQL refuses (NUL, lone surrogates, numbers beyond `numeric`), through the
 * loader's own functions (tenantKeyOf, unstorableTenantKey, buildRow), so `quarantineExpected` is exact.
 * Cached per process while the file keeps its size and modification time. With `identity` (from the
 * listing) the file must be the inode that was listed (see openLegacyFile).
 */
export async function analyzeCollection(file: string, target: CollectionTarget, withoutTenant: 'quarantine' | { assignTo: string }, depth: AnalysisDepth = 'full', identity?: FileIdentity | null): Promise<CollectionAnalysis> {
  // lstat: a path swapped for a link must not hit the cache of the file it replaced.
  const { size, mtimeMs } = await lstat(file);
  const key = (d: AnalysisDepth) => JSON.stringify([file, size, mtimeMs, target, withoutTenant, d]);
  const cached = cache.get(key('full')) ?? (depth === 'scan' ? cache.get(key('scan')) : undefined);
  if (cached) return cached;
  const analysis = await analyze(file, target, withoutTenant, depth, identity ?? null);
  cache.set(key(depth), analysis);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
  return analysis;
}

/** Analyses by file identity (path, size, mtime) and mapping: an unchanged file is read once per process. */
const cache = new Map<string, CollectionAnalysis>();

/** A cached analysis of exactly this file (same size and mtime) and mapping, if the Plan made one. */
export function cachedAnalysis(file: string, size: number, mtimeMs: number, target: CollectionTarget, withoutTenant: 'quarantine' | { assignTo: string }): CollectionAnalysis | undefined {
  const key = (d: AnalysisDepth) => JSON.stringify([file, size, mtimeMs, target, withoutTenant, d]);
  return cache.get(key('full')) ?? cache.get(key('scan'));
}
const MAX_CACHED = 500;

/** `full` reads every live document (Plan page); `scan` only does pass 1 (enough to start a run). */
export type AnalysisDepth = 'full' | 'scan';

async function analyze(file: string, target: CollectionTarget, withoutTenant: 'quarantine' | { assignTo: string }, depth: AnalysisDepth, identity: FileIdentity | null): Promise<CollectionAnalysis> {
  const scan = await scanCollection(file, { identity });
  const profiler = createFieldProfiler();
  const tenantKeys = new Set<string>();
  let withoutTenantCount = 0;
  let activeLevelOneAdmins = 0;
  const failures = { count: 0, samples: [] as { line: number; reason: string }[] };
  const unstorable = { count: 0, samples: [] as { line: number; reason: string }[] };
  const refuse = (line: number, reason: string) => {
    unstorable.count += 1;
    if (unstorable.samples.length < 10) unstorable.samples.push({ line, reason });
  };
  for await (const batch of depth === 'full' ? readLiveDocumentBatches(file, scan) : []) {
    for (const doc of batch) {
      profiler.add(doc.doc);
      let key: string | null = null;
      if (target.category === 'admin') {
        if (isActiveLevelOne(doc.doc)) activeLevelOneAdmins += 1;
      } else {
        key = tenantKeyOf(doc.doc, target.tenantField as string);
        if (key === null) {
          withoutTenantCount += 1;
          if (typeof withoutTenant === 'object') key = withoutTenant.assignTo;
          else continue;
        }
        const refusedKey = unstorableTenantKey(key);
        if (refusedKey) {
          refuse(doc.line, refusedKey);
          continue;
        }
        if (tenantKeys.size < MAX_TENANT_KEYS) tenantKeys.add(key);
      }
      // The loader's own row builder, plus the numbers the database would refuse (the loader leaves those
      // to the database, which quarantines them just the same).
      const row = buildRow(target, doc, key === null ? null : PLAN_RUN_ID, PLAN_RUN_ID, new Date(0).toISOString(), { checkNumbers: true, checkOnly: true });
      if (row.ok) continue;
      if (row.kind === 'unstorable') refuse(doc.line, row.reason);
      else {
        failures.count += 1;
        if (failures.samples.length < 10) failures.samples.push({ line: doc.line, reason: row.reason });
      }
    }
  }
  const profile = profiler.result();
  const s = scan.stats;
  return {
    scan,
    tenantKeys,
    activeLevelOneAdmins,
    plan: {
      // The collection's name, not the file's: a link `users.db` → `archive/users-2024.db` is `users`.
      name: target.collection, file: s.file, bytes: s.bytes, lines: s.lines, live: s.live, superseded: s.superseded, deleted: s.deleted,
      metadata: s.metadata, blank: s.blank, corrupt: s.corrupt, withoutId: s.withoutId,
      category: target.category, target: target.table, targetKind: target.kind, tenantField: target.tenantField,
      tenants: tenantKeys.size, withoutTenant: withoutTenantCount, conversionFailures: failures, unstorable,
      invalidDates: s.nedb.invalidDates ?? { count: 0, samples: [] },
      fields: profile.fields.map((f) => ({ ...f, types: f.types as Record<string, number> })), fieldsTruncated: profile.truncated,
      estimatedRecords: s.live, dependsOn: target.dependsOn,
    },
  };
}
