import type { ValidationSummary } from '@/lib/shared/contracts/validation';
import { formatTimestamp } from '../schema/format';
import { Button } from '../ui/button';
import { VerdictBadge } from './verdict-badge';

/** Every validation, newest first: when, which run, who asked, the verdict and counts; one is shown above. */
export function ValidationHistory({ validations, selected, onSelect }: { validations: ValidationSummary[]; selected: string | null; onSelect: (id: string) => void }) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-left text-sm" aria-label="Validation history" data-testid="validation-history">
        <thead className="text-xs uppercase text-slate-500">
          <tr><th className="py-2 pr-4 font-medium">Started</th><th className="py-2 pr-4 font-medium">Run</th><th className="py-2 pr-4 font-medium">By</th><th className="py-2 pr-4 font-medium">Verdict</th><th className="py-2 pr-4 font-medium">Critical / warnings</th><th /></tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {validations.map((v) => (
            <tr key={v.id} data-testid="validation-history-row" data-validation-id={v.id} className={v.id === selected ? 'bg-brand-50' : ''}>
              <td className="whitespace-nowrap py-2 pr-4">{formatTimestamp(v.createdAt)}</td>
              <td className="py-2 pr-4 font-mono text-xs">{v.runId.slice(0, 8)}</td>
              <td className="py-2 pr-4 text-xs">{v.trigger === 'auto' ? 'after the run' : v.requestedBy}</td>
              <td className="py-2 pr-4"><VerdictBadge validation={v} /></td>
              <td className="py-2 pr-4 tabular-nums">{v.counts ? `${v.counts.critical} / ${v.counts.warnings}` : `${v.progress.percentage} %`}</td>
              <td className="py-2 text-right">{v.id !== selected && <Button variant="ghost" onClick={() => onSelect(v.id)}>View</Button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
