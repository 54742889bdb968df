import type { ValidationDetail } from '@/lib/shared/contracts/validation';
import { formatTimestamp } from '../schema/format';
import { ProgressBar } from '../runs/progress-bar';
import { verdictWords } from './verdict-words';

const FRAME = { good: 'bg-emerald-50 ring-emerald-200', bad: 'bg-red-50 ring-red-200', warn: 'bg-amber-50 ring-amber-200', info: 'bg-white ring-slate-200', neutral: 'bg-white ring-slate-200' } as const;

/** The verdict at the top of the Validation page: safe to proceed, or why not; the progress while it runs. */
export function VerdictBanner({ validation, actions }: { validation: ValidationDetail; actions?: React.ReactNode }) {
  const counts = validation.state === 'running' ? null : { critical: validation.criticalIssues.length, warnings: validation.warnings.length };
  const words = verdictWords({ state: validation.state, overall: validation.overall, progress: validation.progress, counts });
  return (
    <section aria-labelledby="validation-verdict" className={`rounded-lg px-5 py-4 shadow-sm ring-1 ${FRAME[words.tone]}`} data-testid="validation-banner" data-state={validation.state}>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h2 id="validation-verdict" className="text-xl font-semibold text-slate-900" data-testid="validation-verdict">{words.title}</h2>
          <p className="mt-1 text-sm text-slate-700" data-testid="validation-verdict-detail">{words.detail}</p>
          <p className="mt-1 text-xs text-slate-500">
            Run <span className="font-mono">{validation.runId}</span> · validation <span className="font-mono" data-testid="validation-id">{validation.id}</span> · started {formatTimestamp(validation.startedAt)}
            {validation.finishedAt && <> · finished {formatTimestamp(validation.finishedAt)}</>}
          </p>
        </div>
        {actions}
      </div>
      {validation.state === 'running' && (
        <div className="mt-3 flex items-center gap-3">
          <ProgressBar label="Validation progress" value={validation.progress.percentage} testId="validation-progress" />
          <span className="w-40 text-right text-sm tabular-nums" data-testid="validation-progress-text">{validation.progress.checked.toLocaleString('en-US')} / {validation.progress.total.toLocaleString('en-US')}</span>
        </div>
      )}
    </section>
  );
}
