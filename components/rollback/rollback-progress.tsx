import type { RollbackView } from '@/lib/shared/contracts/rollback';
import { Badge } from '../ui/badge';
import { formatCount } from '../runs/format';
import { formatTimestamp } from '../schema/format';

const TONE = { running: 'warn', completed: 'good', failed: 'bad' } as const;

export function RollbackStateBadge({ view }: { view: RollbackView }) {
  const label = view.state === 'completed' ? 'rolled back' : view.state === 'running' ? 'rolling back' : 'failed';
  return <span data-testid="rollback-state" data-state={view.state}><Badge tone={TONE[view.state]}>{label}</Badge></span>;
}

/** One rollback: scope, state and step, rows removed and restored, tenants, verification, what was kept or exported. */
export function RollbackProgress({ view }: { view: RollbackView }) {
  const scope = view.scope === 'run' ? 'the whole run' : `tenant ${view.scope.tenant}`;
  return (
    <div className="space-y-2 text-sm" data-testid="rollback-progress">
      <div className="flex flex-wrap items-center gap-2">
        <RollbackStateBadge view={view} />
        <span>Rollback of {scope}</span>
        <span className="text-slate-500">· {view.state === 'running' ? view.step : `finished ${formatTimestamp(view.finishedAt)}`}</span>
      </div>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-4">
        <dt className="text-slate-500">Rows removed</dt><dd className="tabular-nums" data-testid="rollback-removed">{formatCount(view.removedRows)}</dd>
        <dt className="text-slate-500">Rows restored</dt><dd className="tabular-nums" data-testid="rollback-restored">{formatCount(view.restoredRows)}</dd>
        <dt className="text-slate-500">Tenants</dt><dd className="tabular-nums">{formatCount(view.tenantsDone)} of {formatCount(view.tenantsTotal)}</dd>
        <dt className="text-slate-500">Matches the snapshot</dt><dd data-testid="rollback-verified">{view.verified === null ? '—' : view.verified ? 'yes (counts and checksums)' : 'no'}</dd>
      </dl>
      {view.keptTenants.length > 0 && <p className="text-amber-800">Kept {view.keptTenants.length} tenant(s) other rows still reference: {view.keptTenants.map((k) => k.tenantId).join(', ')}.</p>}
      {view.lossExport && <p className="text-slate-600">Rows written by others were exported first (encrypted) to <span className="font-mono text-xs">{view.lossExport}</span> beside the snapshot.</p>}
      {view.error && <p className="rounded-md bg-red-50 px-3 py-2 text-red-800 ring-1 ring-red-200" data-testid="rollback-error">{view.error}</p>}
    </div>
  );
}
