'use client';

import { useState } from 'react';
import { useMigrationStatus } from '@/lib/client/migration';
import type { MigrationStatus, RunSummary } from '@/lib/shared/contracts/migration';
import { formatTimestamp } from '../schema/format';
import { formatCount, formatEta, formatPercent } from '../runs/format';
import { ProgressBar } from '../runs/progress-bar';
import { barTone } from '../runs/run-state-badge';
import { Card } from '../ui/card';
import { ErrorText } from '../ui/error-text';
import { addSample, estimateFinish, type ProgressSample } from './estimate-finish';
import { PhaseSteps, verdictText } from './stakeholder-summary';
import { headline, MODE_WORDS, OUTCOME_WORDS } from './status-words';

function percentOf(run: RunSummary): number {
  return run.total === 0 ? (run.state === 'completed' ? 100 : 0) : (run.processed / run.total) * 100;
}

/** Readings of the active run over successive polls (React's "adjust state while rendering" pattern). */
function useFinishEstimate(status: MigrationStatus | undefined, readAt: number) {
  const [samples, setSamples] = useState<ProgressSample[]>([]);
  const active = status?.activeRun;
  const next = active ? addSample(samples, { runId: active.runId, at: readAt, processed: active.processed }) : samples;
  if (next !== samples) setSamples(next);
  if (!active || (active.state !== 'running' && active.state !== 'queued')) return null;
  return estimateFinish(next, active.total);
}

function finishText(run: RunSummary, estimate: ReturnType<typeof estimateFinish>): string {
  if (run.state === 'paused' || run.state === 'pausing') return 'Not until it is resumed.';
  if (run.state === 'rolling_back') return 'When the undo completes.';
  if (!estimate) return 'Estimating from the progress of the next few seconds…';
  if (estimate.etaSeconds === 0) return 'Any moment now.';
  return `In ${formatEta(estimate.etaSeconds)}, around ${formatTimestamp(new Date(estimate.finishAt).toISOString())}.`;
}

/**
 * The stakeholder page: where the move to NileDB stands, in plain words — the current state, how many
 * records are migrated of how many, when it is expected to finish, how the last run ended, and where
 * the application reads from. Re-read every few seconds while a run is active.
 */
export function StatusPanel() {
  const query = useMigrationStatus();
  const estimate = useFinishEstimate(query.data, query.dataUpdatedAt);
  if (query.isPending) return <p role="status" className="text-sm text-slate-500">Reading the migration status…</p>;
  if (!query.data) return <ErrorText error={query.error} testId="status-error" />;
  const status = query.data;
  const active = status.activeRun;
  const last = status.lastRun;
  const shown = active ?? last;

  return (
    <div className="space-y-6" data-testid="status-panel">
      <ErrorText error={query.error} testId="status-error" />
      <PhaseSteps current={status.stakeholder.phase} />
      <section aria-labelledby="status-headline" className="rounded-lg bg-white px-5 py-5 shadow-sm ring-1 ring-slate-200">
        <h2 id="status-headline" className="text-xl font-semibold text-slate-900" data-testid="status-headline">{headline(status)}</h2>
        {shown ? (
          <div className="mt-4 space-y-2">
            <div className="flex items-center gap-4">
              <ProgressBar label="Migration progress" value={percentOf(shown)} tone={barTone(shown.state)} testId="status-progress" />
              <span className="w-20 text-right text-lg font-semibold tabular-nums" data-testid="status-percentage">{formatPercent(percentOf(shown))}</span>
            </div>
            <p className="text-sm text-slate-700" data-testid="status-records">
              {formatCount(shown.processed)} of {formatCount(shown.total)} records processed{active ? ' so far' : ''}.
            </p>
          </div>
        ) : (
          <p className="mt-2 text-sm text-slate-600">
            The legacy store holds {formatCount(status.legacy.records)} records in {formatCount(status.legacy.collections)} collections. This page follows the migration once an admin starts it.
          </p>
        )}
      </section>

      <div className="grid gap-4 md:grid-cols-2">
        {active && (
          <Card title="Expected finish">
            <p className="text-sm text-slate-700" data-testid="status-finish">{finishText(active, estimate)}</p>
            <p className="mt-1 text-xs text-slate-500">Started {formatTimestamp(active.createdAt)} by {active.createdBy}.</p>
          </Card>
        )}
        <Card title="Last finished run">
          <p className="text-sm text-slate-700" data-testid="status-last-run">
            {last
              ? <>Run {OUTCOME_WORDS[last.state]}{last.finishedAt ? ` on ${formatTimestamp(last.finishedAt)}` : ''}: {formatCount(last.processed)} of {formatCount(last.total)} records. Started by {last.createdBy}.</>
              : 'No run has finished yet.'}
          </p>
        </Card>
        <Card title="Last check of the copy">
          <p className="text-sm text-slate-700" data-testid="status-validation">{verdictText(status.stakeholder.validation)}</p>
          <p className="mt-1 text-xs text-slate-500" data-testid="status-updated">Last change {formatTimestamp(status.stakeholder.updatedAt)}.</p>
        </Card>
        <Card title="Where the data is">
          <p className="text-sm text-slate-700" data-testid="status-mode">{MODE_WORDS[status.mode]}</p>
          <p className="mt-1 text-sm text-slate-700" data-testid="status-stores">
            Legacy store: {formatCount(status.legacy.records)} records in {formatCount(status.legacy.collections)} collections. NileDB: {formatCount(status.new.records)} migrated records.
          </p>
        </Card>
      </div>
    </div>
  );
}
