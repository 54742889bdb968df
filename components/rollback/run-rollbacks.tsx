'use client';

import { useRunRollbacks } from '@/lib/client/rollback';
import { ErrorText } from '../ui/error-text';
import { RollbackProgress } from './rollback-progress';

/** The Runs page's list of a run's rollbacks (whole run or one tenant), newest first. */
export function RunRollbacks({ runId }: { runId: string }) {
  const list = useRunRollbacks(runId);
  if (list.isPending) return <p role="status" className="text-sm text-slate-500">Reading rollbacks…</p>;
  if (!list.data) return <ErrorText error={list.error} testId="run-rollbacks-error" />;
  if (list.data.rollbacks.length === 0) return <p className="text-sm text-slate-500" data-testid="run-rollbacks-empty">This run has not been rolled back. A Level-1 admin can roll back the whole run, or one tenant, with the red Roll back button.</p>;
  return (
    <ul className="space-y-4" aria-label="Rollbacks of this run" data-testid="run-rollbacks">
      {list.data.rollbacks.map((r) => <li key={r.id} className="border-b border-slate-100 pb-3 last:border-0" data-rollback-id={r.id}><RollbackProgress view={r} /></li>)}
    </ul>
  );
}
