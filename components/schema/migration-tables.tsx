import type { SchemaAppliedMigration, SchemaPendingMigration } from '@/lib/shared/contracts/schema';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { formatDuration, formatTimestamp } from './format';

const TH = 'py-2 pr-4 font-medium';
const TD = 'py-2 pr-4 align-top';

/**
 * Applied migrations, oldest first: id, name, short checksum, when, by whom, how long; edited and
 * missing ones flagged. With `onRollback` (Level 1) each row offers "Roll back to…".
 */
export function AppliedTable({ applied, onRollback, disabled }: { applied: SchemaAppliedMigration[]; onRollback?: (id: string) => void; disabled?: boolean }) {
  if (applied.length === 0) {
    return (
      <p className="text-sm text-slate-500" data-testid="applied-empty">
        No migration is applied yet. Each one appears here once applied, with its checksum, when and by whom it was applied, and how long it took.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-left text-sm" data-testid="applied-migrations" aria-label="Applied migrations">
        <thead className="text-xs uppercase text-slate-500">
          <tr><th className={TH}>Migration</th><th className={TH}>Checksum</th><th className={TH}>Applied at</th><th className={TH}>Applied by</th><th className={TH}>Duration</th><th className={TH}>State</th>{onRollback && <th className="py-2"><span className="sr-only">Actions</span></th>}</tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {applied.map((m) => (
            <tr key={m.id} data-testid={`applied-${m.id}`}>
              <td className={TD}><p className="font-mono text-xs font-medium">{m.id}</p><p className="text-slate-600">{m.name}</p></td>
              <td className={`${TD} font-mono text-xs`}>{m.checksum}</td>
              <td className={`${TD} whitespace-nowrap text-xs`}>{formatTimestamp(m.appliedAt)}</td>
              <td className={`${TD} text-xs`} data-testid="applied-by">{m.appliedBy}</td>
              <td className={`${TD} whitespace-nowrap text-xs`}>{formatDuration(m.durationMs)}</td>
              <td className={TD}>
                {m.isMissing ? <Badge tone="bad">missing locally</Badge> : m.isEdited ? <Badge tone="bad">edited since applied</Badge> : <Badge tone="good">applied</Badge>}
              </td>
              {onRollback && (
                <td className="py-1 text-right align-top">
                  <Button variant="ghost" className="whitespace-nowrap" disabled={disabled} onClick={() => onRollback(m.id)} aria-label={`Roll back to ${m.id}`}>Roll back to…</Button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Pending migrations in the order they will be applied, with the checksum each will be recorded with. */
export function PendingTable({ pending }: { pending: SchemaPendingMigration[] }) {
  if (pending.length === 0) {
    return (
      <p className="text-sm text-slate-500" data-testid="pending-empty">
        Nothing pending: every migration is applied. A new migration file (<code>lib/server/schema/migrations/</code>) appears here until it is applied.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-left text-sm" data-testid="pending-migrations" aria-label="Pending migrations">
        <thead className="text-xs uppercase text-slate-500">
          <tr><th className={TH}>Migration</th><th className={TH}>Checksum once applied</th><th className={TH}>What it does</th><th className={TH}>State</th></tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {pending.map((m) => (
            <tr key={m.id} data-testid={`pending-${m.id}`}>
              <td className={TD}><p className="font-mono text-xs font-medium">{m.id}</p><p className="text-slate-600">{m.name}</p></td>
              <td className={`${TD} font-mono text-xs`}>{m.checksum}</td>
              <td className={`${TD} max-w-md text-xs text-slate-600`}>{m.description ?? '—'}</td>
              <td className={TD}>{m.isOutOfOrder ? <Badge tone="bad">out of order</Badge> : <Badge tone="warn">pending</Badge>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
