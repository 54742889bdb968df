'use client';

import { usePlan } from '@/lib/client/migration';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { ErrorText } from '../ui/error-text';
import { CollectionsTable } from './collections-table';
import { PlanBlockers, PlanWarnings } from './plan-issues';
import { PlanTotals } from './plan-totals';
import { StartMigration } from './start-migration';

/**
 * The Plan page's live part: blockers on top, then warnings, totals, and the collections table. With
 * `canStart` (Level 1) it offers "Start migration". The plan reads the whole legacy store, so it is
 * re-read on demand ("Read again"), not on every focus.
 */
export function PlanPanel({ canStart }: { canStart: boolean }) {
  const plan = usePlan();
  if (plan.isPending) return <p role="status" className="text-sm text-slate-500">Reading the legacy store…</p>;
  if (!plan.data) return <ErrorText error={plan.error} testId="plan-error" />;
  const data = plan.data;
  return (
    <div className="space-y-6" data-testid="plan-panel">
      <PlanBlockers blockers={data.blockers} />
      <PlanWarnings warnings={data.warnings} />
      <ErrorText error={plan.error} testId="plan-error" />
      <Card
        title="Totals"
        description="What the migration would move, computed by reading only: nothing is written to the target."
        actions={<Button variant="secondary" onClick={() => void plan.refetch()} disabled={plan.isFetching}>{plan.isFetching ? 'Reading…' : 'Read again'}</Button>}
      >
        <PlanTotals plan={data} />
      </Card>
      {canStart && (
        <Card title="Run">
          <StartMigration plan={data} />
        </Card>
      )}
      <Card title={`Collections (${data.collections.length})`} description="Live documents are migrated (or quarantined); superseded versions and deleted documents are history NeDB itself discards. Expand a row for its field profile and problem lines.">
        <CollectionsTable collections={data.collections} />
      </Card>
    </div>
  );
}
