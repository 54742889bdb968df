'use client';

import Link from 'next/link';
import { isMovingState, useProgress } from '@/lib/client/migration';
import { Card } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { ErrorText } from '../ui/error-text';
import { CollectionProgress } from './collection-progress';
import { RunRollbacks } from '../rollback/run-rollbacks';
import { QuarantineList } from './quarantine-list';
import { RunControls } from './run-controls';
import { RunErrors, TenantsTable } from './run-details';
import { RunSummary } from './run-summary';
import { ThroughputChart } from './throughput-chart';
import { RunVerdict } from '../validation/run-verdict';

/**
 * The Runs page's live part, read entirely from the API (so closing and reopening the browser mid-run
 * loses nothing): the overall bar, per-collection bars, rows/s chart, tenants, errors and quarantine of
 * the given run (else the newest). It polls every second while the run moves and stops once it is
 * paused or finished. With `canControl` (Level 1) it offers Pause and Resume.
 */
export function RunPanel({ canControl, runId }: { canControl: boolean; runId?: string }) {
  const progress = useProgress(runId);

  if (progress.isPending) return <p role="status" className="text-sm text-slate-500">Reading the run…</p>;
  if (progress.data === undefined) return <ErrorText error={progress.error} testId="run-error" />;
  if (progress.data === null && runId) {
    return (
      <EmptyState title="No such run">
        <p>There is no run <span className="font-mono">{runId}</span>. <Link className="font-medium text-brand-700 underline" href="/runs">The newest run</Link> is on the Runs page.</p>
      </EmptyState>
    );
  }
  if (progress.data === null) {
    return (
      <EmptyState title="No migration has run yet">
        <p>A run shows its overall and per-collection progress, rows per second, time left, tenants, errors and quarantined documents here, updated every second.</p>
        <p>{canControl ? <>Start one from the <Link className="font-medium text-brand-700 underline" href="/plan">Plan</Link> page once the plan has no blockers.</> : 'A Level-1 admin starts it from the Plan page.'}</p>
      </EmptyState>
    );
  }

  const run = progress.data;
  const isLive = isMovingState(run.state);
  return (
    <div className="space-y-6" data-testid="run-panel">
      {/* A failed refresh keeps the last answer on screen and says why it may be stale. */}
      <ErrorText error={progress.error} testId="run-error" />
      <RunSummary progress={run} actions={canControl ? <RunControls state={run.state} /> : undefined} />
      <RunVerdict runId={run.runId} state={run.state} />
      {run.state === 'failed' && (
        <p className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200" data-testid="run-failed">
          The run failed; the errors below say where. Rows of committed batches stay in the target (each batch and its checkpoint commit together).
        </p>
      )}
      <Card title="Collections" description="In load order; each bar is one collection's live documents, quarantined ones included.">
        <CollectionProgress collections={run.collections} />
      </Card>
      <div className="grid gap-6 lg:grid-cols-2 2xl:grid-cols-3">
        <Card title="Throughput" description="Rows per second, measured as batches commit.">
          <ThroughputChart points={run.throughput} />
        </Card>
        <Card title={`Errors (${run.errors.length})`} description="The latest 50 errors of this run.">
          <RunErrors errors={run.errors} />
        </Card>
        <Card title={`Tenants (${run.tenants.length})`} description="Rows loaded into each tenant of the target." className="lg:col-span-2 2xl:col-span-1">
          <TenantsTable tenants={run.tenants} />
        </Card>
      </div>
      <Card title="Rollbacks" description="Rollbacks of this run to its snapshot: the whole run, or one tenant at a time.">
        <RunRollbacks runId={run.runId} />
      </Card>
      <Card title="Quarantine" description="Documents kept aside instead of migrated, with the reason and where they came from.">
        <QuarantineList key={run.runId} runId={run.runId} isLive={isLive} counts={run.collections} />
      </Card>
    </div>
  );
}
