import type { MigrationProgress } from '@/lib/shared/contracts/migration';
import { formatCount } from './format';
import { ProgressBar } from './progress-bar';
import { CollectionStateBadge, barTone } from './run-state-badge';

const TH = 'py-2 pr-4 font-medium';

/** One bar per collection, in load order: where it goes, its state, processed of total, and how many were quarantined. */
export function CollectionProgress({ collections }: { collections: MigrationProgress['collections'] }) {
  if (collections.length === 0) return <p className="text-sm text-slate-500">The run has no collections.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-left text-sm" aria-label="Progress per collection" data-testid="run-collections">
        <thead className="text-xs uppercase text-slate-500">
          <tr><th className={TH}>Collection</th><th className={TH}>Target</th><th className={TH}>State</th><th className={`${TH} w-1/3`}>Progress</th><th className={`${TH} text-right`}>Processed</th><th className={`${TH} text-right`}>Quarantined</th></tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {collections.map((c) => (
            <tr key={c.name} data-testid={`run-collection-${c.name}`}>
              <td className="py-2 pr-4 font-medium">{c.name}</td>
              <td className="py-2 pr-4 font-mono text-xs">{c.target}</td>
              <td className="py-2 pr-4"><CollectionStateBadge state={c.state} /></td>
              <td className="py-2 pr-4"><ProgressBar label={`${c.name} progress`} value={c.processed} max={Math.max(c.total, 1)} tone={barTone(c.state)} size="sm" /></td>
              <td className="whitespace-nowrap py-2 pr-4 text-right tabular-nums">{formatCount(c.processed)} / {formatCount(c.total)}</td>
              <td className={`py-2 pr-4 text-right tabular-nums ${c.quarantined > 0 ? 'font-medium text-amber-700' : 'text-slate-500'}`}>{formatCount(c.quarantined)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
