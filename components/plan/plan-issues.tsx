import type { PlanIssue } from '@/lib/shared/contracts/plan';

function IssueItem({ issue, tone }: { issue: PlanIssue; tone: 'bad' | 'warn' }) {
  const muted = tone === 'bad' ? 'text-red-700' : 'text-amber-800';
  return (
    <li className="space-y-0.5" data-code={issue.code}>
      <p>
        {issue.collection && <span className="mr-2 rounded bg-white/70 px-1.5 py-0.5 font-mono text-xs ring-1 ring-inset ring-slate-300">{issue.collection}</span>}
        {issue.message}
      </p>
      {issue.recommendation && <p className={`text-xs ${muted}`}><span className="font-medium">What to do:</span> {issue.recommendation}</p>}
      <p className="font-mono text-[11px] opacity-70">{issue.code}</p>
    </li>
  );
}

/** Blockers, in red above everything: while there is one, the migration cannot start. */
export function PlanBlockers({ blockers }: { blockers: PlanIssue[] }) {
  if (blockers.length === 0) return null;
  return (
    <section aria-labelledby="plan-blockers-title" data-testid="plan-blockers" className="rounded-lg bg-red-50 px-5 py-4 text-sm text-red-900 ring-1 ring-red-200">
      <h2 id="plan-blockers-title" className="text-base font-semibold text-red-800">
        {blockers.length} blocker{blockers.length === 1 ? '' : 's'}: the migration cannot start until {blockers.length === 1 ? 'it is' : 'they are'} resolved
      </h2>
      <ul className="mt-3 space-y-3">{blockers.map((b, i) => <IssueItem key={`${b.code}-${b.collection ?? ''}-${i}`} issue={b} tone="bad" />)}</ul>
    </section>
  );
}

/** Warnings, in amber: the migration would run; read them first. */
export function PlanWarnings({ warnings }: { warnings: PlanIssue[] }) {
  if (warnings.length === 0) return null;
  return (
    <section aria-labelledby="plan-warnings-title" data-testid="plan-warnings" className="rounded-lg bg-amber-50 px-5 py-4 text-sm text-amber-950 ring-1 ring-amber-200">
      <h2 id="plan-warnings-title" className="text-base font-semibold text-amber-900">
        {warnings.length} warning{warnings.length === 1 ? '' : 's'}: the migration can run; read {warnings.length === 1 ? 'it' : 'them'} first
      </h2>
      <ul className="mt-3 space-y-3">{warnings.map((w, i) => <IssueItem key={`${w.code}-${w.collection ?? ''}-${i}`} issue={w} tone="warn" />)}</ul>
    </section>
  );
}
