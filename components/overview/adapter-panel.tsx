'use client';

import { useAdapterStats } from '@/lib/client/adapter';
import type { AdapterStats, Latency } from '@/lib/shared/contracts/adapter';
import { formatCount } from '../runs/format';
import { Badge } from '../ui/badge';
import { Card } from '../ui/card';
import { ErrorText } from '../ui/error-text';
import { ModeControl } from './mode-control';

const rate = (r: number) => `${(Math.round(r * 10000) / 100).toString()} %`;
const ms = (l: Latency) => (l.samples === 0 ? '—' : `${l.p50} / ${l.p95} ms`);
const MODE_TONE = { legacy: 'neutral', hybrid: 'warn', new: 'good' } as const;

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-sm font-medium tabular-nums text-slate-900" data-testid={testId}>{value}</dd>
    </div>
  );
}

function Numbers({ s }: { s: AdapterStats }) {
  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-4">
      <Stat label="Records · legacy" value={formatCount(s.records.legacy)} testId="adapter-records-legacy" />
      <Stat label="Records · NileDB" value={formatCount(s.records.new)} testId="adapter-records-new" />
      <Stat label="Reads · legacy" value={formatCount(s.reads.legacy)} testId="adapter-reads-legacy" />
      <Stat label="Reads · NileDB" value={formatCount(s.reads.new)} testId="adapter-reads-new" />
      <Stat label="Fallbacks to legacy" value={formatCount(s.fallbacks)} testId="adapter-fallbacks" />
      <Stat label="Shadow reads compared" value={formatCount(s.shadow.compared)} testId="adapter-shadow-compared" />
      <Stat label="Mismatches" value={`${formatCount(s.shadow.mismatched)} (${rate(s.shadow.rate)})`} testId="adapter-mismatches" />
      <Stat label="Noise baseline" value={`${formatCount(s.noise.mismatched)} of ${formatCount(s.noise.compared)}`} testId="adapter-noise" />
      <Stat label="Consistency" value={rate(s.consistencyRate)} testId="adapter-consistency" />
      <Stat label="Error rate" value={rate(s.errorRate)} testId="adapter-error-rate" />
      <Stat label="Latency legacy p50 / p95" value={ms(s.latency.legacy)} testId="adapter-latency-legacy" />
      <Stat label="Latency NileDB p50 / p95" value={ms(s.latency.new)} testId="adapter-latency-new" />
    </dl>
  );
}

/**
 * The Overview's query adapter card: the mode (and, for Level 1, the control that switches it), what
 * the adapter has seen since hybrid started, the promotion gate's verdict and the newest mismatches.
 */
export function AdapterPanel({ canSwitch }: { canSwitch: boolean }) {
  const query = useAdapterStats();
  const s = query.data;
  return (
    <Card
      title="Query adapter"
      description={`Answers GET /api/data/… from the store the mode says; hybrid compares ${s ? rate(s.shadowSample) : 'a sample'} of reads with the other store.`}
      actions={s && <span data-testid="adapter-mode" data-mode={s.mode}><Badge tone={MODE_TONE[s.mode]}>{s.mode}</Badge></span>}
      className="lg:col-span-2"
    >
      <ErrorText error={query.error} testId="adapter-error" />
      {s && (
        <div className="space-y-5">
          <Numbers s={s} />
          <p className="text-sm" data-testid="promotion-gate">
            {s.promotion.allowed
              ? <span className="text-emerald-700">Promotion to new would pass its gate now.</span>
              : <span className="text-slate-700">Promotion to new is blocked: {s.promotion.reasons.join(' ')}</span>}
          </p>
          {canSwitch && <ModeControl key={s.mode} stats={s} />}
          {s.recentMismatches.length > 0 && (
            <table className="min-w-full text-left text-sm" data-testid="mismatches-table" aria-label="Recent mismatches">
              <thead className="text-xs uppercase text-slate-500"><tr><th className="py-1">When (UTC)</th><th>Collection</th><th>Document</th><th>Differing fields</th></tr></thead>
              <tbody className="divide-y divide-slate-100">
                {s.recentMismatches.map((m, i) => (
                  <tr key={`${m.at}-${m.legacyId}-${i}`}>
                    <td className="py-1 font-mono text-xs">{m.at.replace('T', ' ').slice(0, 19)}</td>
                    <td>{m.collection}{m.kind === 'noise' ? ' (noise)' : ''}</td>
                    <td className="font-mono text-xs">{m.legacyId}</td>
                    <td className="font-mono text-xs">{m.fields.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </Card>
  );
}
