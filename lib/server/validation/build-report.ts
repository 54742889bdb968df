import type { ValidationReport, ValidationResult } from '../../shared/contracts/validation';
import type { CollectionFacts } from './check-collection';
import type { ValidationConfig } from './validation-config';

export type ReportContext = {
  results: ValidationResult[];
  facts: CollectionFacts[];
  seconds: number;
  config: ValidationConfig;
  adminCollections: string[];
  /** Where the time went (absent when the validation was resumed before they were recorded). */
  phases: { targetSeconds: Record<string, number>; legacySeconds: number; collectionsSeconds: number } | null;
};

const sum = (list: ValidationResult[]) => list.reduce((n, r) => n + (r.count ?? 0), 0);

/** What to do about the findings, one line per kind of problem, most urgent first. */
function recommend(results: ValidationResult[], adminCollections: string[]): string[] {
  const out: string[] = [];
  const of = (check: ValidationResult['check'], severity: ValidationResult['severity']) => results.filter((r) => r.check === check && r.severity === severity);
  for (const r of of('completeness', 'critical')) {
    if (r.count && /missing/.test(r.message)) out.push(`Re-run collection ${r.collection}: ${r.count} document(s) missing from the target.`);
    else if (r.count && /extra/.test(r.message)) out.push(`Remove or explain the ${r.count} extra row(s) of ${r.collection} in the target (no legacy document has them).`);
    else out.push(r.message);
  }
  for (const r of of('content', 'critical')) {
    if (/too many differences/.test(r.message)) out.push(`Re-run collection ${r.collection}: most of its documents differ from the target.`);
    else out.push(/wrong tenant/.test(r.message)
      ? `Move the ${r.count} document(s) of ${r.collection} back to their tenant (or re-run the collection).`
      : `Investigate the ${r.count} document(s) of ${r.collection} changed in the target, then re-run the collection or restore them.`);
  }
  const plaintext = of('credentials', 'critical');
  const adminPlain = sum(plaintext.filter((r) => r.collection && adminCollections.includes(r.collection)));
  const otherPlain = sum(plaintext.filter((r) => !(r.collection && adminCollections.includes(r.collection))));
  if (adminPlain > 0) out.push(`Rotate the plaintext passwords of ${adminPlain} admin user(s) before cutover.`);
  if (otherPlain > 0) out.push(`Hash or reset the plaintext passwords of ${otherPlain} document(s) before cutover.`);
  if (of('admin_integrity', 'critical').length > 0) out.push('Create or re-enable an active Level-1 admin in the admin users before cutover.');
  if (of('tenant_isolation', 'critical').length > 0) out.push('Fix tenant isolation (an ordinary role, row-level security or Nile tenant context) before any tenant uses the new store.');
  for (const r of of('legacy_changed', 'warning')) out.push(`Legacy collection ${r.collection} changed since the run: migrate the changes (a new run) before cutover.`);
  for (const r of of('quarantine', 'warning')) out.push(`Review the ${r.count} quarantined document(s) of ${r.collection}: fix them in the legacy store or accept leaving them behind.`);
  const dangling = of('referential_integrity', 'warning');
  if (dangling.length > 0) out.push(`Review ${sum(dangling)} dangling reference(s) in ${[...new Set(dangling.map((r) => r.collection))].join(', ')} (most were already dangling in the legacy store).`);
  if (of('collection_tags', 'warning').length > 0) out.push('Tag or remove the target rows that no legacy collection claims.');
  if (of('read_latency', 'warning').length > 0) out.push('Check the target\'s indexes and load: reads are much slower than from the legacy files.');
  if (out.length === 0) out.push('Safe to proceed: every check passed.');
  return out;
}

function phaseText(phases: ReportContext['phases']): string {
  if (!phases) return '';
  const target = Object.entries(phases.targetSeconds).map(([table, s]) => `${table} ${s} s`).join(', ');
  return ` Legacy files read in ${phases.legacySeconds} s; target side computed by PostgreSQL (${target || 'typed tables only'}) meanwhile; every collection compared after ${phases.collectionsSeconds} s.`;
}

/**
 * The report of a finished validation (seed 004's ValidationReport): results by severity, info on
 * counts, timings and configuration, recommendations derived from the findings. `overall` is true
 * exactly when there is no critical issue.
 */
export function buildReport(context: ReportContext): ValidationReport {
  const { results, facts, config } = context;
  const expected = facts.reduce((n, f) => n + f.expected, 0);
  const actual = facts.reduce((n, f) => n + f.actual, 0);
  const quarantined = facts.reduce((n, f) => n + f.quarantined, 0);
  const precise = facts.reduce((n, f) => n + f.precise, 0);
  const checked = expected + quarantined;
  const slowest = [...facts].sort((a, b) => b.seconds - a.seconds).slice(0, 3).map((f) => `${f.collection} ${f.seconds} s`).join(', ');
  const info: ValidationResult[] = [
    { check: 'counts', severity: 'info', expected, actual, count: checked, message: `${checked} legacy documents checked in ${facts.length} collections: ${expected} expected in the target, ${actual} rows found, ${quarantined} quarantined.` },
    { check: 'timings', severity: 'info', count: Math.round(checked / Math.max(context.seconds, 0.001)), message: `Validation took ${context.seconds} s (${Math.round(checked / Math.max(context.seconds, 0.001))} documents/s); slowest collections: ${slowest || 'none'}. ${precise} document(s) needed the exact (parsed) route.${phaseText(context.phases)}` },
    {
      check: 'configuration', severity: 'info',
      message: `Admin users: ${context.adminCollections.join(', ') || 'none found'} (level field "${config.adminUsers.levelField}" = ${config.adminUsers.levelOne}); password fields: ${[...config.passwordFields].join(', ')}; references: ${config.references.size} declared, inference ${config.inferReferences ? 'on' : 'off'}.`,
    },
  ];
  const criticalIssues = results.filter((r) => r.severity === 'critical');
  return {
    overall: criticalIssues.length === 0,
    criticalIssues,
    warnings: results.filter((r) => r.severity === 'warning'),
    info: [...info, ...results.filter((r) => r.severity === 'info')],
    recommendations: recommend(results, context.adminCollections),
  };
}
