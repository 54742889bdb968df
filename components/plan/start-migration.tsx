'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId } from 'react';
import { ApiError } from '@/lib/client/api-client';
import { blockersOf, useStartMigration } from '@/lib/client/migration';
import type { MigrationPlan } from '@/lib/shared/contracts/plan';
import { Button } from '../ui/button';
import { ErrorText } from '../ui/error-text';
import { formatCount } from '../runs/format';

/** Why Start is unavailable, or null when it may be pressed. */
function disabledReason(plan: MigrationPlan): string | null {
  if (plan.ready) return null;
  const n = plan.blockers.length;
  return n > 0 ? `Resolve the ${n} blocker${n === 1 ? '' : 's'} above first.` : 'The plan is not ready.';
}

/**
 * Level 1: starts the run (`POST /api/migration/start`, same-origin session) and goes to the Runs page.
 * Disabled, with the reason, while the plan has blockers; a refusal shows the envelope's message, the
 * blockers a 422 carries, and for a 409 (a run is already active) the way to it.
 */
export function StartMigration({ plan }: { plan: MigrationPlan }) {
  const router = useRouter();
  const start = useStartMigration();
  const reasonId = useId();
  const reason = disabledReason(plan);
  const blockers = blockersOf(start.error);
  const isConflict = start.error instanceof ApiError && start.error.status === 409;

  return (
    <div className="space-y-3" data-testid="plan-start">
      <div className="flex flex-wrap items-center gap-3">
        <Button
          onClick={() => start.mutate(undefined, { onSuccess: () => router.push('/runs') })}
          disabled={reason !== null || start.isPending || start.isSuccess}
          aria-describedby={reasonId}
        >
          {start.isPending || start.isSuccess ? 'Starting…' : 'Start migration'}
        </Button>
        <p id={reasonId} className={`text-sm ${reason ? 'text-red-700' : 'text-slate-600'}`} data-testid="plan-start-reason">
          {reason ?? `Loads ${formatCount(plan.totals.records)} records from ${formatCount(plan.totals.collections)} collections in the background; you can pause and resume it on the Runs page.`}
        </p>
      </div>
      {plan.protection && <p className="text-sm text-slate-600" data-testid="plan-protection">{plan.protection.message}</p>}
      <ErrorText error={start.error} testId="plan-start-error" />
      {isConflict && <p className="text-sm"><Link className="font-medium text-brand-700 underline" href="/runs">Open the Runs page</Link> to follow or resume the active run.</p>}
      {blockers.length > 0 && (
        <ul className="list-disc space-y-1 pl-6 text-sm text-red-800" aria-label="Blockers reported by the server" data-testid="plan-start-blockers">
          {blockers.map((b, i) => <li key={`${b.code}-${i}`}>{b.message}{b.recommendation ? ` ${b.recommendation}` : ''}</li>)}
        </ul>
      )}
    </div>
  );
}
