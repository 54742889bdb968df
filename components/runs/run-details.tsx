import type { MigrationProgress } from '@/lib/shared/contracts/migration';
import { formatTimestamp } from '../schema/format';
import { formatCount } from './format';
import { ProgressBar } from './progress-bar';

/** Rows loaded per tenant, largest first, each with its share of the loaded rows. */
export function TenantsTable({ tenants }: { tenants: MigrationProgress['tenants'] }) {
  if (tenants.length === 0) return <p className="text-sm text-slate-500" data-testid="run-tenants-empty">No tenant rows loaded yet. Each tenant appears here with its row count as soon as its first batch commits.</p>;
  const total = tenants.reduce((sum, t) => sum + t.rows, 0);
  return (
    <table className="min-w-full text-left text-sm" aria-label="Rows per tenant" data-testid="run-tenants">
      <thead className="text-xs uppercase text-slate-500">
        <tr><th className="py-2 pr-4 font-medium">Tenant</th><th className="py-2 pr-4 text-right font-medium">Rows</th><th className="w-1/3 py-2 font-medium"><span className="sr-only">Share</span></th></tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {tenants.map((t) => (
          <tr key={t.tenantId}>
            <td className="py-2 pr-4"><p>{t.name}</p><p className="font-mono text-[11px] text-slate-400">{t.tenantId}</p></td>
            <td className="py-2 pr-4 text-right tabular-nums">{formatCount(t.rows)}</td>
            <td className="py-2"><ProgressBar label={`${t.name} share of rows`} value={t.rows} max={Math.max(total, 1)} size="sm" /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The run's errors, newest first, with the collection they concern. */
export function RunErrors({ errors }: { errors: MigrationProgress['errors'] }) {
  if (errors.length === 0) return <p className="text-sm text-slate-500" data-testid="run-errors-empty">No errors. A failing batch or collection would be listed here with its message.</p>;
  return (
    <ul className="space-y-2" aria-label="Run errors" data-testid="run-errors">
      {errors.map((e, i) => (
        <li key={`${e.at}-${i}`} className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          <p className="font-mono text-xs text-red-600">{formatTimestamp(e.at)}{e.collection ? ` · ${e.collection}` : ''}</p>
          <p>{e.message}</p>
        </li>
      ))}
    </ul>
  );
}
