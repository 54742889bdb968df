'use client';

import Link from 'next/link';
import { useRunVerdict } from '@/lib/client/validation';
import type { RunState } from '@/lib/shared/contracts/migration';
import { VerdictBadge } from './verdict-badge';
import { verdictWords } from './verdict-words';

/** The Runs page's line about the run's validation: its verdict (or progress) and a link to the report. */
export function RunVerdict({ runId, state }: { runId: string; state: RunState }) {
  const { summary, isPending } = useRunVerdict(runId);
  if (isPending) return null;
  if (!summary) {
    if (state !== 'completed' && state !== 'failed') return null;
    return <p className="text-sm text-slate-600" data-testid="run-validation">Not validated yet. <Link className="font-medium text-brand-700 underline" href="/validation">Validate it</Link>.</p>;
  }
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700" data-testid="run-validation">
      <span className="font-medium">Validation:</span>
      <VerdictBadge validation={summary} testId="run-validation-verdict" />
      <span>{verdictWords(summary).detail}</span>
      <Link className="font-medium text-brand-700 underline" href={`/validation?id=${summary.id}`}>View the report</Link>
    </p>
  );
}
