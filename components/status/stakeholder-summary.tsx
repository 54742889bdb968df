import { STATUS_PHASES, type PublicStatus, type StatusPhase } from '@/lib/shared/contracts/status';
import { formatCount } from '../runs/format';
import { formatTimestamp } from '../schema/format';

const PHASE_NAMES: Record<StatusPhase, string> = {
  planning: 'Planning', snapshot: 'Safety copy', migrating: 'Migrating', validating: 'Checking', hybrid: 'Switching over', cut_over: 'Moved', rolled_back: 'Rolled back',
};
const VERDICT: Record<NonNullable<PublicStatus['validation']>['verdict'], string> = { running: 'running now', passed: 'passed', failed: 'found problems', error: 'could not finish' };

/** The phases of the move as steps, the current one marked (aria-current). */
export function PhaseSteps({ current }: { current: StatusPhase }) {
  const shown = STATUS_PHASES.filter((p) => p !== 'rolled_back' || current === 'rolled_back');
  return (
    <ol className="flex flex-wrap gap-2 text-xs" aria-label="Phases" data-testid="status-phases" data-phase={current}>
      {shown.map((phase) => (
        <li key={phase} aria-current={phase === current ? 'step' : undefined}
          className={`rounded-full px-3 py-1 ring-1 ${phase === current ? 'bg-brand-600 font-semibold text-white ring-brand-600' : 'bg-white text-slate-600 ring-slate-200'}`}>
          {PHASE_NAMES[phase]}
        </li>
      ))}
    </ol>
  );
}

/** The last validation's verdict with its counts, in plain words. */
export function verdictText(validation: PublicStatus['validation']): string {
  if (!validation) return 'Not checked yet.';
  const at = validation.at ? ` (${formatTimestamp(validation.at)})` : '';
  return `${VERDICT[validation.verdict]}: ${formatCount(validation.critical)} critical, ${formatCount(validation.warnings)} warnings, ${formatCount(validation.info)} notes${at}.`;
}
