import type { SampleDetail, ValidationResult } from '@/lib/shared/contracts/validation';
import { Badge } from '../ui/badge';

const CHECK_LABEL: Record<ValidationResult['check'], string> = {
  completeness: 'Completeness', content: 'Content', admin_integrity: 'Admin integrity', credentials: 'Credentials', tenant_isolation: 'Tenant isolation',
  referential_integrity: 'References', collection_tags: 'Collection tags', quarantine: 'Quarantine', read_latency: 'Read latency',
  legacy_changed: 'Legacy changed', counts: 'Counts', timings: 'Timings', configuration: 'Configuration', validation: 'Validation',
};

const PROBLEM_LABEL: Record<NonNullable<SampleDetail['problem']>, string> = {
  missing: 'missing', extra: 'extra', changed: 'changed', wrong_tenant: 'wrong tenant', plaintext_password: 'plaintext password',
  dangling_reference: 'dangling reference', quarantined: 'quarantined', not_level_one: 'not an active Level-1 admin',
};

function SampleRow({ detail }: { detail: SampleDetail }) {
  return (
    <tr className="align-top" data-testid="validation-sample" data-legacy-id={detail.id}>
      <td className="py-1.5 pr-3 font-mono text-xs">{detail.id}</td>
      <td className="whitespace-nowrap py-1.5 pr-3 font-mono text-xs" data-testid="validation-sample-line">{detail.line !== null ? `${detail.file ?? 'line'}:${detail.line}` : '—'}</td>
      <td className="py-1.5 pr-3 font-mono text-[11px] text-slate-600">{detail.tenant ?? '—'}</td>
      <td className="py-1.5 pr-3 text-xs">{detail.problem ? PROBLEM_LABEL[detail.problem] : '—'}</td>
      <td className="py-1.5 pr-3 text-xs text-slate-700">
        {detail.fields && detail.fields.length > 0 && <p>Fields: {detail.fields.join(', ')}</p>}
        {detail.foundUnder && <p>Found under: <span className="font-mono text-[11px]">{detail.foundUnder.join(', ')}</span></p>}
        {detail.note && <p>{detail.note}</p>}
      </td>
    </tr>
  );
}

/** One finding: check, where, message, figures, and its sampled documents (legacy id, file:line, tenant, what is wrong). */
export function ResultItem({ result }: { result: ValidationResult }) {
  const details = result.details ?? (result.sample ?? []).map((id): SampleDetail => ({ id, line: null }));
  return (
    <li className="py-3" data-testid="validation-result" data-check={result.check} data-collection={result.collection ?? ''}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={result.severity === 'critical' ? 'bad' : result.severity === 'warning' ? 'warn' : 'neutral'}>{CHECK_LABEL[result.check]}</Badge>
        {result.collection && <span className="font-mono text-xs text-slate-600">{result.collection}</span>}
        {result.tenant && <span className="font-mono text-[11px] text-slate-500">tenant {result.tenant}</span>}
      </div>
      <p className="mt-1 text-sm text-slate-800">{result.message}</p>
      {(result.expected !== undefined || result.actual !== undefined) && (
        <p className="mt-0.5 text-xs text-slate-500">Expected {String(result.expected ?? '—')} · actual {String(result.actual ?? '—')}</p>
      )}
      {details.length > 0 && (
        <details className="mt-2">
          <summary className="cursor-pointer text-sm font-medium text-brand-700">{details.length === 1 ? '1 document' : `${details.length} documents`}{result.count !== undefined && result.count > details.length ? ` of ${result.count}` : ''}</summary>
          <div className="mt-2 overflow-x-auto">
            <table className="min-w-full text-left" aria-label={`Documents of this ${CHECK_LABEL[result.check].toLowerCase()} finding`}>
              <thead className="text-[11px] uppercase text-slate-500">
                <tr><th className="pr-3 font-medium">Legacy id</th><th className="pr-3 font-medium">File:line</th><th className="pr-3 font-medium">Tenant</th><th className="pr-3 font-medium">Problem</th><th className="pr-3 font-medium">Detail</th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">{details.map((d, i) => <SampleRow key={`${d.id}-${i}`} detail={d} />)}</tbody>
            </table>
          </div>
        </details>
      )}
    </li>
  );
}

/** The results of one severity, or a line saying there are none. */
export function ResultList({ results, empty, testId }: { results: ValidationResult[]; empty: string; testId: string }) {
  if (results.length === 0) return <p className="text-sm text-slate-500" data-testid={testId}>{empty}</p>;
  return <ul className="divide-y divide-slate-100" data-testid={testId}>{results.map((r, i) => <ResultItem key={i} result={r} />)}</ul>;
}
