import Link from 'next/link';
import type { ReactNode } from 'react';
import type { MigrationProgress } from '@/lib/shared/contracts/migration';
import { formatDuration, formatTimestamp } from '../schema/format';
import { formatCount, formatEta, formatPercent, formatRate } from './format';
import { ProgressBar } from './progress-bar';
import { RunStateBadge, barTone } from './run-state-badge';

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-lg font-semibold tabular-nums text-slate-900" data-testid={testId}>{value}</dd>
    </div>
  );
}

function etaText(progress: MigrationProgress): string {
  if (progress.state === 'completed') return 'done';
  if (progress.state === 'paused' || progress.state === 'pausing') return 'paused';
  if (progress.state === 'queued') return 'starting';
  return formatEta(progress.etaSeconds);
}

/** The run at a glance: state and step, the overall bar with its percentage, processed of total, rows/s and ETA. */
export function RunSummary({ progress, actions }: { progress: MigrationProgress; actions?: ReactNode }) {
  const elapsed = progress.startedAt ? Date.parse(progress.updatedAt) - Date.parse(progress.startedAt) : null;
  return (
    <section aria-labelledby="run-summary-title" className="rounded-lg bg-white px-5 py-4 shadow-sm ring-1 ring-slate-200" data-testid="run-summary">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h2 id="run-summary-title" className="flex items-center gap-2 text-base font-semibold text-slate-900">
            Run <Link href={`/runs/${progress.runId}`} className="font-mono text-xs font-normal text-slate-500 hover:underline" data-testid="run-id">{progress.runId}</Link>
            <RunStateBadge state={progress.state} testId="run-state" />
          </h2>
          <p className="mt-1 text-sm text-slate-600" data-testid="run-step">{progress.step}</p>
          <p className="mt-1 text-xs text-slate-500">
            Started {formatTimestamp(progress.startedAt)} · last update {formatTimestamp(progress.updatedAt)}
            {progress.state === 'completed' && elapsed !== null && <> · took {formatDuration(elapsed)}</>}
          </p>
        </div>
        {actions}
      </header>
      <div className="mt-4 flex items-center gap-4">
        <ProgressBar label="Overall progress" value={progress.percentage} tone={barTone(progress.state)} testId="run-progress-bar" />
        <span className="w-20 text-right text-lg font-semibold tabular-nums" data-testid="run-percentage">{formatPercent(progress.percentage)}</span>
      </div>
      <dl className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-4">
        <Stat label="Processed" value={formatCount(progress.processed)} testId="run-processed" />
        <Stat label={progress.totalIsEstimate ? 'Total (at most, until every file is scanned)' : 'Total'} value={`${progress.totalIsEstimate ? '≤ ' : ''}${formatCount(progress.total)}`} testId="run-total" />
        <Stat label="Rate" value={formatRate(progress.rowsPerSecond)} testId="run-rate" />
        <Stat label="Time left" value={etaText(progress)} testId="run-eta" />
      </dl>
    </section>
  );
}
