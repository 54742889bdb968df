import type { Db } from '../db/pool';
import type { Logger } from '../log/logger';
import type { MappingConfig } from '../mapping/mapping-schema';
import type { ValidationResult } from '../../shared/contracts/validation';
import { buildReport, type ReportContext } from './build-report';
import { CanonicalWriter } from './canonical-bytes';
import { checkAdmins } from './check-admins';
import { compareCollection, heldBytes, passCollection, type CollectionFacts, type PassedCollection, type RunCollection } from './check-collection';
import { checkIsolation } from './check-isolation';
import { checkLatency } from './check-latency';
import { checkReferences } from './check-references';
import { checkTags } from './check-tags';
import { HashScratch } from './pg-hash';
import { TargetSide } from './target-side';
import { TenantIndex } from './tenant-index';
import { adminUserCollections, resolveValidationConfig } from './validation-config';
import { progressWriter, readSteps, saveStep, type DoneStep } from './validation-steps';

/** Per-document indexes of collections read ahead of the database, at most (then the reader waits). */
const HELD_BYTES = 64 * 1024 * 1024;

export type ValidationJob = {
  id: string; runId: string; total: number; startedAt: Date; mapping: MappingConfig; validationBlock: MappingConfig['validation']; collections: RunCollection[];
};

/**
 * The body of a validation: every collection (legacy pass, then comparison with the target side and
 * drill-down), then the global checks (collection tags, admin integrity, tenant isolation, referential
 * integrity, read latency), each step recorded as it completes — a resumed validation skips recorded
 * steps — and finally the report. Legacy files are read ahead while the database computes the target
 * side, with the per-document indexes waiting for comparison bounded by HELD_BYTES.
 */
export async function runValidation(db: Db, job: ValidationJob, log: Logger): Promise<void> {
  const config = resolveValidationConfig(job.validationBlock);
  const done = await readSteps(db, job.id);
  const tenants = new TenantIndex();
  const progress = progressWriter(db, job.id, job.total);
  let checkedDone = [...done.values()].reduce((n, s) => n + s.checked, 0);
  progress.set(checkedDone, 'reading the legacy files');
  const remaining = job.collections.filter((c) => !done.has(`collection:${c.collection}`));
  // Where the time goes, for the report's timings: the target side per table, the legacy passes, the collection phase.
  const phases = { targetSeconds: {} as Record<string, number>, legacySeconds: 0, collectionsSeconds: 0 };
  const round3 = (n: number) => Math.round(n * 1000) / 1000;
  const target = new TargetSide(db, tenants, (table, seconds) => {
    phases.targetSeconds[table] = round3(seconds);
    log.debug({ table, seconds }, 'target side computed');
  });
  target.start(remaining, !done.has('tags') && remaining.length === job.collections.length);
  const writer = new CanonicalWriter();
  const scratch = new HashScratch();
  const withoutTenant = job.mapping.withoutTenant;

  // Checks that need nothing from the legacy files run on their own connections meanwhile.
  const early = new Map<string, Promise<ValidationResult[]>>();
  if (!done.has('admins')) early.set('admins', checkAdmins(db, config, job.collections));
  if (!done.has('isolation')) early.set('isolation', checkIsolation(db, job.runId));
  for (const running of early.values()) running.catch(() => undefined); // awaited (and thrown) below

  const finish = async (passed: PassedCollection) => {
    const run = passed.input.run;
    progress.set(progress.checked, `comparing ${run.collection}`);
    const at = performance.now();
    const cells = await target.cellsOf(run);
    const waited = (performance.now() - at) / 1000;
    const outcome = await compareCollection(passed, cells);
    log.debug({ collection: run.collection, waited, seconds: (performance.now() - at) / 1000 }, 'compared with the target side');
    const step: DoneStep = { step: `collection:${run.collection}`, position: job.collections.indexOf(run), checked: outcome.checked, results: outcome.results, facts: outcome.facts, seconds: outcome.facts.seconds };
    await saveStep(db, job.id, step);
    done.set(step.step, step);
    checkedDone += outcome.checked;
    progress.set(checkedDone);
    log.info({ collection: run.collection, seconds: outcome.facts.seconds, problems: outcome.results.filter((r) => r.severity !== 'info').length }, 'collection validated');
  };
  const pending: PassedCollection[] = [];
  for (const run of remaining) {
    progress.set(checkedDone, `reading ${run.collection}`);
    const at = performance.now();
    pending.push(await passCollection({
      db, runId: job.runId, run, tenants, config, withoutTenant, writer, scratch,
      onChecked: (checked) => progress.set(checkedDone + pendingChecked(pending) + checked),
      onRescanned: (before, now) => progress.setTotal(progress.total + now - before),
    }));
    phases.legacySeconds = round3(phases.legacySeconds + (performance.now() - at) / 1000);
    log.debug({ collection: run.collection, seconds: (performance.now() - at) / 1000 }, 'legacy side read');
    while (pending.length > 0 && (target.isReady((pending[0] as PassedCollection).input.run) || pending.reduce((n, p) => n + heldBytes(p), 0) > HELD_BYTES)) {
      await finish(pending.shift() as PassedCollection);
    }
  }
  while (pending.length > 0) await finish(pending.shift() as PassedCollection);
  phases.collectionsSeconds = round3((Date.now() - job.startedAt.getTime()) / 1000);

  const facts = new Map<string, CollectionFacts>();
  for (const step of done.values()) if (step.step.startsWith('collection:')) facts.set(step.step.slice('collection:'.length), step.facts as unknown as CollectionFacts);
  const global: [string, () => Promise<ValidationResult[]>][] = [
    ['tags', async () => checkTags(db, job.collections, await target.tagCounts(), target.typedWithoutLegacyId)],
    ['admins', () => early.get('admins') ?? checkAdmins(db, config, job.collections)],
    ['isolation', () => early.get('isolation') ?? checkIsolation(db, job.runId)],
    ['references', () => checkReferences(db, job.runId, config, job.collections, facts)],
    ['latency', () => checkLatency(db, job.collections, facts)],
  ];
  for (const [index, [name, check]] of global.entries()) {
    if (done.has(name)) continue;
    progress.set(checkedDone, `checking ${name}`);
    const at = performance.now();
    const results = await check();
    const step: DoneStep = { step: name, position: job.collections.length + index, checked: 0, results, facts: name === 'tags' ? { phases } : {}, seconds: Math.round(performance.now() - at) / 1000 };
    await saveStep(db, job.id, step);
    done.set(name, step);
  }

  const ordered = [...done.values()].sort((a, b) => a.position - b.position);
  const seconds = Math.round(Date.now() - job.startedAt.getTime()) / 1000;
  const report = buildReport({
    results: ordered.flatMap((s) => s.results), facts: [...facts.values()], seconds, config, phases: (done.get('tags')?.facts.phases ?? null) as ReportContext['phases'],
    adminCollections: adminUserCollections(config, job.collections.map((c) => c.collection)),
  });
  await progress.flush();
  await db.query(
    `UPDATE ferry.validations SET state = 'completed', step = 'completed', finished_at = now(), updated_at = now(), checked = total, report = $2,
            critical = $3, warnings = $4, info = $5 WHERE id = $1 AND state = 'running'`,
    [job.id, JSON.stringify(report), report.criticalIssues.length, report.warnings.length, report.info.length],
  );
  log.info({ overall: report.overall, critical: report.criticalIssues.length, warnings: report.warnings.length, seconds }, 'validation completed');
}

/** Documents counted by passed collections still waiting for their comparison. */
function pendingChecked(pending: PassedCollection[]): number {
  return pending.reduce((n, p) => n + (p.pass ? p.pass.count + p.pass.skipped : 0), 0);
}
