import type { MigrationPlan } from '@/lib/shared/contracts/plan';
import { formatTimestamp } from '../schema/format';
import { formatCount, formatEta } from '../runs/format';
import { formatBytes } from './format';

function Total({ label, value, testId, hint }: { label: string; value: string; testId: string; hint?: string }) {
  return (
    <div className="rounded-md bg-slate-50 px-3 py-2 ring-1 ring-slate-200">
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-lg font-semibold tabular-nums text-slate-900" data-testid={testId}>{value}</dd>
      {hint && <dd className="text-xs text-slate-500">{hint}</dd>}
    </div>
  );
}

/** The plan's totals and where it read from: collections, records, tenants, expected quarantine, estimated time. */
export function PlanTotals({ plan }: { plan: MigrationPlan }) {
  const t = plan.totals;
  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="plan-totals">
        <Total label="Collections" value={formatCount(t.collections)} testId="total-collections" hint={formatBytes(t.bytes)} />
        <Total label="Records" value={formatCount(t.records)} testId="total-records" hint={`of ${formatCount(t.lines)} lines`} />
        <Total label="Tenants" value={formatCount(t.tenants)} testId="total-tenants" />
        <Total label="Expected quarantine" value={formatCount(t.quarantineExpected)} testId="total-quarantine" />
        <Total label="Estimated time" value={formatEta(t.estimatedSeconds)} testId="total-time" />
        <Total label="Ready" value={plan.ready ? 'yes' : 'no'} testId="plan-ready" />
      </dl>
      <dl className="grid gap-1 text-sm sm:grid-cols-[auto_1fr] sm:gap-x-4">
        <dt className="text-slate-500">Legacy directory</dt>
        <dd className="break-all font-mono text-xs" data-testid="plan-legacy-dir">{plan.legacyDir}</dd>
        <dt className="text-slate-500">Mapping file</dt>
        <dd className="break-all font-mono text-xs" data-testid="plan-mapping-file">{plan.mappingFile ?? 'none — the zero-config default mapping'}</dd>
        <dt className="text-slate-500">Read at</dt>
        <dd className="text-xs">{formatTimestamp(plan.generatedAt)}</dd>
      </dl>
    </div>
  );
}
