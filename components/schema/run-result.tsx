import type { SchemaRunResponse } from '@/lib/shared/contracts/schema';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { ErrorText } from '../ui/error-text';
import { countMigrations, formatDuration } from './format';

function headline(result: SchemaRunResponse): string {
  const done = result.steps.filter((s) => s.ok).length;
  const verb = result.direction === 'up' ? 'Applied' : 'Rolled back';
  if (result.steps.length === 0) return result.direction === 'up' ? 'Nothing to apply: every migration was already applied.' : 'Nothing to roll back.';
  if (result.ok) return `${verb} ${countMigrations(done)} as ${result.actor}.`;
  const failed = result.steps.find((s) => !s.ok);
  return `Migration ${failed?.id} failed; ${verb.toLowerCase()} ${countMigrations(done)} before it as ${result.actor}.`;
}

/**
 * What the last run did, step by step: which migrations were applied or rolled back, how long each
 * took, and which one failed with its error. A run refused before it started has no steps: its error shows.
 */
export function RunResult({ result, error, onDismiss }: { result: SchemaRunResponse | null; error: unknown; onDismiss: () => void }) {
  return (
    <section aria-labelledby="schema-run-title" data-testid="schema-run-result" className={`rounded-lg bg-white px-5 py-4 shadow-sm ring-1 ${result && !result.ok ? 'ring-red-300' : 'ring-slate-200'}`}>
      <header className="flex items-start justify-between gap-4">
        <div>
          <h2 id="schema-run-title" className="text-base font-semibold text-slate-900">Last run</h2>
          {result && <p className={`mt-1 text-sm ${result.ok ? 'text-slate-600' : 'text-red-700'}`}>{headline(result)}</p>}
        </div>
        <Button variant="ghost" onClick={onDismiss}>Dismiss</Button>
      </header>
      {!result && <div className="mt-3"><ErrorText error={error} testId="schema-run-error" /></div>}
      {result && result.steps.length > 0 && (
        <table className="mt-3 min-w-full text-left text-sm" aria-label="Steps of the last run">
          <thead className="text-xs uppercase text-slate-500">
            <tr><th className="py-2 pr-4">Migration</th><th className="py-2 pr-4">Result</th><th className="py-2 pr-4">Duration</th><th className="py-2">Error</th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {result.steps.map((s) => (
              <tr key={s.id} data-testid={`run-step-${s.id}`}>
                <td className="py-2 pr-4"><span className="font-mono text-xs">{s.id}</span> <span className="text-slate-600">{s.name}</span></td>
                <td className="py-2 pr-4">{s.ok ? <Badge tone="good">{s.direction === 'up' ? 'applied' : 'rolled back'}</Badge> : <Badge tone="bad">failed</Badge>}</td>
                <td className="py-2 pr-4 text-xs">{formatDuration(s.durationMs)}</td>
                <td className="py-2 text-xs text-red-700">{s.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
