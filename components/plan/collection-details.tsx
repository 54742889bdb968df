import type { CollectionPlan, LineSample } from '@/lib/shared/contracts/plan';
import { formatCount } from '../runs/format';
import { formatRatio, formatTypes } from './format';

function LineSamples({ title, count, samples, testId }: { title: string; count: number; samples: LineSample[]; testId: string }) {
  if (count === 0) return null;
  return (
    <div data-testid={testId}>
      <h4 className="text-sm font-medium text-slate-800">{title} ({formatCount(count)}{samples.length < count ? `, first ${samples.length} shown` : ''})</h4>
      <ul className="mt-1 space-y-1">
        {samples.map((s) => (
          <li key={s.line} className="text-xs">
            <span className="font-mono font-medium">line {s.line}</span> — <span className="text-red-700">{s.reason}</span>
            <pre className="mt-0.5 overflow-x-auto rounded bg-white px-2 py-1 font-mono text-[11px] text-slate-700 ring-1 ring-slate-200">{s.excerpt}</pre>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * What one collection holds in detail: its file, the field profile (types seen, how often null), the
 * first corrupt lines and documents without `_id` with their line numbers, and the typed mapping's
 * conversion failures.
 */
export function CollectionDetails({ collection: c }: { collection: CollectionPlan }) {
  return (
    <div className="space-y-4 bg-slate-50 px-4 py-3" data-testid={`plan-details-${c.name}`}>
      <p className="text-xs text-slate-600">
        <span className="break-all font-mono">{c.file}</span> · {formatCount(c.lines)} lines ({formatCount(c.metadata)} index metadata, {formatCount(c.blank)} blank)
        {c.tenantField && <> · tenant field <span className="font-mono">{c.tenantField}</span></>}
        {c.dependsOn.length > 0 && <> · loaded after {c.dependsOn.join(', ')}</>}
      </p>
      <LineSamples title="Corrupt lines" count={c.corrupt.count} samples={c.corrupt.samples} testId={`plan-corrupt-${c.name}`} />
      <LineSamples title="Documents without _id" count={c.withoutId.count} samples={c.withoutId.samples} testId={`plan-without-id-${c.name}`} />
      {c.conversionFailures.count > 0 && (
        <div data-testid={`plan-conversion-${c.name}`}>
          <h4 className="text-sm font-medium text-slate-800">Conversion failures ({formatCount(c.conversionFailures.count)}; they will be quarantined)</h4>
          <ul className="mt-1 space-y-0.5 text-xs">
            {c.conversionFailures.samples.map((s) => <li key={s.line}><span className="font-mono font-medium">line {s.line}</span> — <span className="text-red-700">{s.reason}</span></li>)}
          </ul>
        </div>
      )}
      <div>
        <h4 className="text-sm font-medium text-slate-800">Field profile ({formatCount(c.fields.length)} fields{c.fieldsTruncated ? ', truncated' : ''})</h4>
        <table className="mt-1 min-w-full text-left text-xs" aria-label={`Fields of ${c.name}`}>
          <thead className="uppercase text-slate-500">
            <tr><th className="py-1 pr-4 font-medium">Field</th><th className="py-1 pr-4 font-medium">Types seen</th><th className="py-1 pr-4 text-right font-medium">Present</th><th className="py-1 pr-4 text-right font-medium">Null ratio</th></tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {c.fields.map((f) => (
              <tr key={f.field}>
                <td className="py-1 pr-4 font-mono">{f.field}</td>
                <td className="py-1 pr-4">{formatTypes(f.types)}</td>
                <td className="py-1 pr-4 text-right tabular-nums">{formatCount(f.present)} / {formatCount(c.live)}</td>
                <td className={`py-1 pr-4 text-right tabular-nums ${f.nullRatio > 0 ? 'text-amber-700' : ''}`}>{formatRatio(f.nullRatio)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
