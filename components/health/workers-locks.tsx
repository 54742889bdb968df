import type { DetailedHealth } from '@/lib/shared/contracts/health';
import { Badge } from '../ui/badge';

const TONE = { alive: 'good', late: 'bad', stopped: 'neutral' } as const;

/** Workers with the age of their heartbeat, and who holds or waits for Ferry's advisory locks. */
export function WorkersAndLocks({ health }: { health: DetailedHealth }) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div>
        <h3 className="text-sm font-semibold text-slate-900">Workers</h3>
        {health.workers.length === 0 ? <p className="text-sm text-slate-500">No worker has run in the last hour.</p> : (
          <table className="mt-2 min-w-full text-left text-sm" data-testid="workers-table" aria-label="Workers">
            <thead className="text-xs uppercase text-slate-500"><tr><th className="py-1">State</th><th>Where</th><th>Serves</th><th>Heartbeat</th></tr></thead>
            <tbody className="divide-y divide-slate-100">
              {health.workers.map((w) => (
                <tr key={w.id}>
                  <td className="py-1"><Badge tone={TONE[w.state]}>{w.state}</Badge></td>
                  <td className="font-mono text-xs">pid {w.pid} on {w.host}</td>
                  <td className="text-xs">{w.kinds.join(', ')}</td>
                  <td className="text-xs tabular-nums">{w.heartbeatAgeSeconds} s ago</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div>
        <h3 className="text-sm font-semibold text-slate-900">Lock holders</h3>
        {health.locks.length === 0 ? <p className="text-sm text-slate-500">No advisory lock is held.</p> : (
          <table className="mt-2 min-w-full text-left text-sm" data-testid="locks-table" aria-label="Lock holders">
            <thead className="text-xs uppercase text-slate-500"><tr><th className="py-1">Lock</th><th>Name</th><th>Backend</th><th /></tr></thead>
            <tbody className="divide-y divide-slate-100">
              {health.locks.map((l, i) => (
                <tr key={`${l.lock}-${l.pid}-${i}`}>
                  <td className="py-1 font-mono text-xs">{l.lock}</td>
                  <td className="font-mono text-xs">{l.name ?? '—'}</td>
                  <td className="font-mono text-xs">pid {l.pid}{l.application ? ` (${l.application})` : ''}</td>
                  <td>{l.granted ? <Badge tone="info">held</Badge> : <Badge tone="warn">waiting</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
