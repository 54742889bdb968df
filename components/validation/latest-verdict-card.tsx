'use client';

import Link from 'next/link';
import { useValidations } from '@/lib/client/validation';
import { formatTimestamp } from '../schema/format';
import { Card } from '../ui/card';
import { ErrorText } from '../ui/error-text';
import { VerdictBadge } from './verdict-badge';
import { verdictWords } from './verdict-words';

/** The Overview's validation card: the newest validation's verdict, live while it runs. */
export function LatestVerdictCard() {
  const query = useValidations(undefined, 1);
  const latest = query.data?.validations[0] ?? null;
  return (
    <Card title="Validation" description="Whether the migrated data is complete, correct and isolated.">
      <ErrorText error={query.error} testId="overview-validation-error" />
      {query.isPending && <p className="text-sm text-slate-500">Reading…</p>}
      {query.data && !latest && <p className="text-sm text-slate-600" data-testid="overview-validation">No validation yet: one runs when a migration run completes, or from the <Link className="font-medium text-brand-700 underline" href="/validation">Validation</Link> page.</p>}
      {latest && (
        <div className="space-y-1 text-sm" data-testid="overview-validation">
          <p className="flex items-center gap-2"><VerdictBadge validation={latest} testId="overview-validation-verdict" /> {verdictWords(latest).detail}</p>
          <p className="text-slate-500">Run <span className="font-mono text-xs">{latest.runId}</span> · {latest.finishedAt ? `finished ${formatTimestamp(latest.finishedAt)}` : `started ${formatTimestamp(latest.createdAt)}`} · <Link className="font-medium text-brand-700 underline" href={`/validation?id=${latest.id}`}>Report</Link></p>
        </div>
      )}
    </Card>
  );
}
