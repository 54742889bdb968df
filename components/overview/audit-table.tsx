import type { AuditRecord } from '@/lib/shared/contracts/audit';
import { Badge } from '../ui/badge';

const TONE = { success: 'good', failure: 'bad', denied: 'warn' } as const;

export function AuditTable({ entries }: { entries: AuditRecord[] }) {
  return (
    <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
      <table className="min-w-full text-left text-sm" data-testid="audit-table">
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-4 py-2">Time (UTC)</th>
            <th className="px-4 py-2">Who</th>
            <th className="px-4 py-2">Action</th>
            <th className="px-4 py-2">Target</th>
            <th className="px-4 py-2">Outcome</th>
            <th className="px-4 py-2">From</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {entries.map((e) => (
            <tr key={e.id}>
              <td className="whitespace-nowrap px-4 py-2 font-mono text-xs">{e.at.replace('T', ' ').slice(0, 19)}</td>
              <td className="px-4 py-2">{e.actorEmail ?? <span className="text-slate-400">{e.actorKind}</span>}</td>
              <td className="px-4 py-2 font-mono text-xs">{e.action}</td>
              <td className="px-4 py-2 font-mono text-xs">{e.target ?? '—'}</td>
              <td className="px-4 py-2"><Badge tone={TONE[e.outcome]}>{e.outcome}{e.status ? ` · ${e.status}` : ''}</Badge></td>
              <td className="px-4 py-2 font-mono text-xs text-slate-500">{e.clientAddress ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
