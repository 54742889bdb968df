import type { SchemaLintFinding, SchemaLock, SchemaProblem } from '@/lib/shared/contracts/schema';
import { Badge } from '../ui/badge';
import { formatDuration, formatTimestamp } from './format';

const PROBLEM_LABEL: Record<SchemaProblem['kind'], string> = {
  missing: 'missing locally',
  edited: 'edited since applied',
  out_of_order: 'out of order',
};

/** Ledger problems, in red above everything else: while there is one, migrating and rolling back are refused. */
export function ProblemsBanner({ problems }: { problems: SchemaProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <section aria-labelledby="schema-problems-title" data-testid="schema-problems" className="rounded-lg bg-red-50 px-5 py-4 ring-1 ring-red-200">
      <h2 id="schema-problems-title" className="text-base font-semibold text-red-800">
        {problems.length} ledger problem{problems.length === 1 ? '' : 's'}: migrating is refused until {problems.length === 1 ? 'it is' : 'they are'} fixed
      </h2>
      <ul className="mt-2 space-y-2 text-sm text-red-800">
        {problems.map((p) => (
          <li key={`${p.kind}-${p.id}`} className="flex gap-2">
            <Badge tone="bad">{PROBLEM_LABEL[p.kind]}</Badge>
            <span>{p.message}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Who holds the migration lock and for how long, or that no migration is running. */
export function LockStatus({ lock }: { lock: SchemaLock | null }) {
  if (!lock) {
    return <p className="text-sm text-slate-600" data-testid="schema-lock">No migration running: the migration lock is free.</p>;
  }
  return (
    <p className="text-sm text-amber-900" data-testid="schema-lock">
      <Badge tone="warn">running</Badge>{' '}
      A migration is running, held by <strong>{lock.holder ?? 'an unknown process'}</strong> (pid {lock.pid})
      {lock.since && <> since {formatTimestamp(lock.since)}</>}
      {lock.heldMs !== null && <>, for {formatDuration(lock.heldMs)}</>}. Applying and rolling back wait until it ends.
    </p>
  );
}

/** Nile-compatibility lint over every migration: errors (they block applying) first, each with its statement. */
export function LintFindings({ findings, migrationCount }: { findings: SchemaLintFinding[]; migrationCount: number }) {
  if (findings.length === 0) {
    return (
      <p className="text-sm text-slate-600" data-testid="schema-lint">
        No findings: all {migrationCount} migrations use only what Nile supports. Errors (which block applying) and warnings would be listed here with the statement they concern.
      </p>
    );
  }
  const sorted = [...findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return (
    <ul className="space-y-3" data-testid="schema-lint">
      {sorted.map((f, i) => (
        <li key={`${f.migrationId}-${f.rule}-${i}`} className="text-sm">
          <p className="flex flex-wrap items-center gap-2">
            <Badge tone={f.severity === 'error' ? 'bad' : 'warn'}>{f.severity}</Badge>
            <span className="font-mono text-xs">{f.migrationId}</span>
            <span className="font-mono text-xs text-slate-500">[{f.rule}]</span>
            <span>{f.message}</span>
          </p>
          <pre className="mt-1 overflow-x-auto rounded bg-slate-50 px-3 py-2 font-mono text-xs text-slate-700 ring-1 ring-slate-200">{f.statement}</pre>
        </li>
      ))}
    </ul>
  );
}
