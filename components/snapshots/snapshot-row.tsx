import type { SnapshotView } from '@/lib/shared/contracts/snapshots';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { formatBytes } from '../plan/format';
import { formatCount } from '../runs/format';
import { formatTimestamp } from '../schema/format';

const TONE = { creating: 'info', verifying: 'info', verified: 'good', failed: 'bad' } as const;

/** One snapshot in the list: state (with progress while it moves), when and by whom, size, rows, the run it protects. */
export function SnapshotRow({ snapshot, onDelete }: { snapshot: SnapshotView; onDelete: () => void }) {
  const moving = snapshot.state === 'creating' || snapshot.state === 'verifying';
  return (
    <tr data-testid={`snapshot-${snapshot.id}`} data-state={snapshot.state}>
      <td className="py-2 pr-4 align-top">
        <p className="font-mono text-xs">{snapshot.id}</p>
        <p className="text-xs text-slate-500">{formatTimestamp(snapshot.createdAt)} · {snapshot.createdBy}</p>
      </td>
      <td className="py-2 pr-4 align-top">
        <Badge tone={TONE[snapshot.state]}>{snapshot.state}</Badge>
        {moving && <p className="mt-1 text-xs text-slate-500">{snapshot.progress.step}: {snapshot.progress.tablesDone}/{snapshot.progress.tables} tables, {formatCount(snapshot.progress.rows)} rows</p>}
        {snapshot.error && <p className="mt-1 max-w-sm text-xs text-red-700">{snapshot.error}</p>}
      </td>
      <td className="py-2 pr-4 text-right align-top tabular-nums">{formatBytes(snapshot.bytes)}</td>
      <td className="py-2 pr-4 text-right align-top tabular-nums" title={snapshot.tables.map((t) => `${t.name}: ${t.rows}`).join(', ')}>{formatCount(snapshot.rows)}</td>
      <td className="py-2 pr-4 align-top">{snapshot.state === 'verified' ? 'yes (restore rehearsed)' : 'no'}</td>
      <td className="py-2 pr-4 align-top font-mono text-xs">{snapshot.protectsRunId ?? '—'}</td>
      <td className="py-2 text-right align-top">
        <Button variant="secondary" onClick={onDelete} disabled={snapshot.deleteRefusal !== null} title={snapshot.deleteRefusal ?? 'Delete this snapshot'} aria-label={`Delete snapshot ${snapshot.id}`}>
          Delete
        </Button>
      </td>
    </tr>
  );
}
