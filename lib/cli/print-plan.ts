import type { MigrationPlan } from '../shared/contracts/plan';

/** The plan for a terminal: blockers first, then warnings, then one line per collection. */
export function printPlan(plan: MigrationPlan): void {
  const t = plan.totals;
  console.log(`Legacy store ${plan.legacyDir}${plan.mappingFile ? `, mapping ${plan.mappingFile}` : ', default mapping'}`);
  console.log(`${t.collections} collections, ${t.records} records, ${t.tenants} tenants, ${(t.bytes / 1e6).toFixed(1)} MB; ~${t.estimatedSeconds} s; ${t.quarantineExpected} expected in quarantine`);
  for (const b of plan.blockers) console.log(`BLOCKER  ${b.collection ? `${b.collection}: ` : ''}${b.message}${b.recommendation ? ` → ${b.recommendation}` : ''}`);
  for (const w of plan.warnings) console.log(`warning  ${w.collection ? `${w.collection}: ` : ''}${w.message}`);
  console.log(['COLLECTION'.padEnd(28), 'TARGET'.padEnd(20), 'LIVE'.padStart(8), 'SUPERSEDED'.padStart(11), 'DELETED'.padStart(8), 'CORRUPT'.padStart(8), 'NO-TENANT'.padStart(10), 'TENANTS'.padStart(8)].join(' '));
  for (const c of plan.collections) {
    console.log([c.name.padEnd(28), c.target.padEnd(20), String(c.live).padStart(8), String(c.superseded).padStart(11), String(c.deleted).padStart(8), String(c.corrupt.count).padStart(8), String(c.withoutTenant).padStart(10), String(c.tenants).padStart(8)].join(' '));
  }
  console.log(plan.ready ? 'ready: yes' : `ready: no (${plan.blockers.length} blocker(s))`);
}
