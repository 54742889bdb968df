import type { CollectionPlan, PlanIssue } from '../../../shared/contracts/plan';
import type { MappingConfig } from '../../mapping/mapping-schema';
import type { CollectionAnalysis } from './plan-collection';

/** Warnings a person should read before starting: nothing here stops a run, everything here is accounted for. */
export function planWarnings(analyses: CollectionAnalysis[], config: MappingConfig): PlanIssue[] {
  const warnings: PlanIssue[] = [];
  const add = (plan: Omit<CollectionPlan, 'estimatedSeconds'>, code: string, message: string, recommendation?: string) =>
    warnings.push({ code, collection: plan.name, message, ...(recommendation ? { recommendation } : {}) });
  for (const { plan, scan } of analyses) {
    if (plan.corrupt.count > 0) add(plan, 'corrupt_lines', `${plan.corrupt.count} corrupt line(s), first at line ${plan.corrupt.samples[0]?.line}; they cannot be migrated and stay in the legacy file.`, 'Inspect the lines listed on the Plan page; repair them in the legacy file if they matter.');
    if (plan.withoutId.count > 0) add(plan, 'lines_without_id', `${plan.withoutId.count} line(s) parse but have no _id (NeDB ignores them, so Ferry does not migrate them).`);
    if (scan.stats.nedb.exceedsCorruptThreshold) add(plan, 'nedb_would_refuse', `NeDB itself would refuse to load this file (more than ${Math.round(0.1 * 100)}% corrupt lines); Ferry reads it anyway.`);
    if (scan.stats.nedb.invalidKeys.count > 0) add(plan, 'invalid_keys', `${scan.stats.nedb.invalidKeys.count} document(s) have keys NeDB cannot write back (dots or a leading $); they migrate unchanged.`);
    if (plan.withoutTenant > 0) {
      const assigned = typeof config.withoutTenant === 'object';
      add(plan, 'without_tenant', `${plan.withoutTenant} document(s) have no ${plan.tenantField}; they will be ${assigned ? `assigned to tenant ${(config.withoutTenant as { assignTo: string }).assignTo}` : 'quarantined (kept with the reason, never dropped)'}.`, assigned ? undefined : 'Set withoutTenant.assignTo in the mapping file to place them in a tenant instead.');
    }
    const invalidDates = plan.invalidDates ?? { count: 0, samples: [] };
    if (invalidDates.count > 0) {
      const lines = invalidDates.samples.slice(0, 5).map((sample) => sample.line).join(', ');
      add(plan, 'invalid_dates', `${invalidDates.count} document(s) in ${plan.file} hold a $$date NeDB reads as an Invalid Date (line ${lines}${invalidDates.count > 5 ? ', …' : ''}); they migrate as NeDB has them, with {"$$date":null}.`, 'Repair those dates in the legacy file if they matter.');
    }
    const unstorable = plan.unstorable ?? { count: 0, samples: [] };
    if (unstorable.count > 0) add(plan, 'unstorable_values', `${unstorable.count} document(s) hold a value PostgreSQL cannot store (first: line ${unstorable.samples[0]?.line}, ${unstorable.samples[0]?.reason}); they will be quarantined.`, 'Clean those values in the legacy data if the documents must be migrated.');
    if (plan.conversionFailures.count > 0) add(plan, 'conversion_failures', `${plan.conversionFailures.count} document(s) do not fit the typed mapping (first: line ${plan.conversionFailures.samples[0]?.line}, ${plan.conversionFailures.samples[0]?.reason}); they will be quarantined.`, 'Fix the data or relax the mapping (required, type) before migrating.');
  }
  const adminUsers = analyses.find((a) => /(^|-)admin-users$/.test(a.plan.name));
  if (adminUsers && adminUsers.activeLevelOneAdmins === 0) {
    warnings.push({ code: 'no_level_one_admin', collection: adminUsers.plan.name, message: 'No active Level-1 admin among the admin users: after the move nobody could administer the application.', recommendation: 'Activate or create a Level-1 admin in the legacy store first.' });
  }
  return warnings;
}
