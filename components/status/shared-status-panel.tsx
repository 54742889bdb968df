'use client';

import { useSharedStatus } from '@/lib/client/status-links';
import { formatCount, formatPercent } from '../runs/format';
import { ProgressBar } from '../runs/progress-bar';
import { formatTimestamp } from '../schema/format';
import { PhaseSteps, verdictText } from './stakeholder-summary';
import { MODE_WORDS } from './status-words';

/**
 * The status a share link shows, for people outside the console: readable on a phone, refreshed every
 * ten seconds, nothing but phases, percentages, counts and times.
 */
export function SharedStatusPanel({ token }: { token: string }) {
  const query = useSharedStatus(token);
  const s = query.data;
  if (!s) return <p role="status" className="text-sm text-slate-600" data-testid="shared-status-error">{query.error ? query.error.message : 'Reading the status…'}</p>;
  return (
    <div className="space-y-5" data-testid="shared-status" data-phase={s.phase}>
      {query.error && <p role="status" className="text-sm text-amber-800">{query.error.message}</p>}
      <PhaseSteps current={s.phase} />
      <section className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <h2 className="text-2xl font-semibold text-slate-900" data-testid="shared-headline">{s.headline}</h2>
        <p className="mt-1 text-slate-700" data-testid="shared-detail">{s.detail}</p>
        {s.percent !== null && (
          <div className="mt-4 flex items-center gap-3">
            <ProgressBar label="Migration progress" value={s.percent} testId="shared-progress" />
            <span className="w-20 text-right text-lg font-semibold tabular-nums" data-testid="shared-percent">{formatPercent(s.percent)}</span>
          </div>
        )}
        {s.records && <p className="mt-2 text-sm text-slate-600" data-testid="shared-records">{formatCount(s.records.processed)} of {formatCount(s.records.total)} records.</p>}
        {s.expectedFinish && <p className="mt-1 text-sm text-slate-600" data-testid="shared-finish">Expected to finish around {formatTimestamp(s.expectedFinish)}.</p>}
      </section>
      <dl className="grid gap-3 sm:grid-cols-2">
        <div className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Last check of the copy</dt>
          <dd className="mt-1 text-sm text-slate-800" data-testid="shared-validation">
            {verdictText(s.validation)}
          </dd>
        </div>
        <div className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Where the application reads</dt>
          <dd className="mt-1 text-sm text-slate-800" data-testid="shared-mode" data-mode={s.mode}>{MODE_WORDS[s.mode]}</dd>
        </div>
      </dl>
      <p className="text-xs text-slate-500" data-testid="shared-updated">Last change {formatTimestamp(s.updatedAt)} · read {formatTimestamp(s.readAt)} · refreshes by itself.</p>
    </div>
  );
}
