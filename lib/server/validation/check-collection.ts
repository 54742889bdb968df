import { identityOf } from '../legacy/open-legacy-file';
import path from 'node:path';
import type { Db } from '../db/pool';
import type { CollectionTarget } from '../mapping/resolve-targets';
import type { CanonicalWriter } from './canonical-bytes';
import { differingCells, type CellSums } from './cell-sums';
import { collectionSource, isMissingFile, type CollectionSource } from './collection-source';
import { collectionResults } from './collection-results';
import { drillDown, type CollectionDiff } from './drill-down';
import { LatencySampler, type LatencySample } from './latency-sampler';
import { runLegacyPass, type LegacyPass } from './legacy-pass';
import type { HashScratch } from './pg-hash';
import type { TenantIndex } from './tenant-index';
import type { ValidationConfig } from './validation-config';
import type { ValidationResult } from '../../shared/contracts/validation';
import type { CollectionScan } from '../legacy/types';
import type { StoredScanStats } from '../migration/stored-scan';

/** A collection of the run as validation needs it (its ferry.run_collections row). */
export type RunCollection = {
  collection: string;
  file: string;
  target: CollectionTarget;
  fingerprint: CollectionScan['fingerprint'];
  stats: StoredScanStats | null;
  finalLines: Buffer | null;
};

/** What later checks need from a collection's step (persisted with it, so a resumed validation has it). */
export type CollectionFacts = {
  collection: string;
  table: string;
  expected: number;
  actual: number;
  quarantined: number;
  precise: number;
  fields: string[];
  missingIds: string[];
  changedIds: string[];
  latency: LatencySample[];
  seconds: number;
};

export type CollectionOutcome = { results: ValidationResult[]; facts: CollectionFacts; checked: number };

export type CheckCollectionInput = {
  db: Db;
  runId: string;
  run: RunCollection;
  tenants: TenantIndex;
  config: ValidationConfig;
  withoutTenant: 'quarantine' | { assignTo: string };
  writer: CanonicalWriter;
  scratch: HashScratch;
  onChecked: (checked: number) => void;
  /** A file that changed since the run was scanned again: its live documents then (for exact progress). */
  onRescanned?: (liveBefore: number, liveNow: number) => void;
};

/** A collection whose legacy side is read, waiting for the target side to be compared with. */
export type PassedCollection = { input: CheckCollectionInput; started: number; source: CollectionSource | null; pass: LegacyPass | null; sampler: LatencySampler };

/** Bytes the per-document index of a passed collection holds (what a validation keeps while it waits for the target). */
export function heldBytes(passed: PassedCollection): number {
  return (passed.pass?.lines.length ?? 0) * 25;
}

/**
 * Phase 1 of validating a collection: read its legacy file once (legacy-pass.ts). A missing file is
 * not an error here: phase 2 reports it.
 */
export async function passCollection(input: CheckCollectionInput): Promise<PassedCollection> {
  const started = performance.now();
  const { run } = input;
  const sampler = new LatencySampler(50);
  let source: CollectionSource;
  try {
    source = await collectionSource(input.db, input.runId, run.collection, run.file, run);
  } catch (error) {
    if (!isMissingFile(error)) throw error;
    return { input, started, source: null, pass: null, sampler };
  }
  if (source.changed) input.onRescanned?.(source.changed.liveBefore, source.changed.liveNow);
  const pass = await runLegacyPass({
    file: run.file, collection: run.collection, scan: source.scan, target: run.target, tenants: input.tenants, skip: source.skip,
    withoutTenant: input.withoutTenant, passwordFields: input.config.passwordFields, sampler, onChecked: input.onChecked,
  }, input.writer, input.scratch);
  return { input, started, source, pass, sampler };
}

/**
 * Phase 2: compare the legacy side's checksum cells with the target's (`targetCells`, computed by the
 * database), drill down into differing cells, and turn the outcome into results (collection-results.ts)
 * and the facts later checks use.
 */
export async function compareCollection(passed: PassedCollection, targetCells: CellSums): Promise<CollectionOutcome> {
  const { input, source, pass, sampler } = passed;
  const { run, tenants } = input;
  const facts: CollectionFacts = {
    collection: run.collection, table: run.target.table, expected: 0, actual: targetCells.total(), quarantined: 0, precise: 0, fields: [], missingIds: [], changedIds: [], latency: [], seconds: 0,
  };
  if (!source || !pass) {
    return {
      results: [{ check: 'completeness', severity: 'critical', collection: run.collection, message: `The legacy file ${run.file} is gone: ${run.collection} cannot be compared with the target.`, actual: facts.actual }],
      facts, checked: run.stats?.live ?? 0,
    };
  }
  const cells = differingCells(pass.cells, targetCells);
  const diff: CollectionDiff | null = cells.length === 0 ? null : await drillDown(input.db, { file: run.file, identity: identityOf(source.scan.fingerprint), target: run.target, tenants, pass, cells, targetCells, passwordFields: input.config.passwordFields });
  Object.assign(facts, {
    expected: pass.count, quarantined: pass.skipped, precise: pass.precise, fields: [...pass.fields].sort(),
    missingIds: diff ? diff.samples.filter((s) => s.kind === 'missing').map((s) => s.id) : [],
    changedIds: diff ? diff.samples.filter((s) => s.kind === 'changed').map((s) => s.id) : [],
    latency: sampler.samples,
    seconds: Math.round(performance.now() - passed.started) / 1000,
  });
  const results = await collectionResults({
    db: input.db, runId: input.runId, collection: run.collection, file: path.basename(run.file), target: run.target, tenants, pass, targetCells, diff, source,
  });
  return { results, facts, checked: pass.count + pass.skipped };
}
