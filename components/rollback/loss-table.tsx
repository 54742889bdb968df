import type { LossReport } from '@/lib/shared/contracts/rollback';
import { formatCount } from '../runs/format';

/** Rows another writer changed since the snapshot, per table and tenant: what a rollback would undo. */
export function LossTable({ losses }: { losses: LossReport }) {
  if (losses.rows === 0) return <p className="text-sm text-emerald-700" data-testid="rollback-no-loss">Nothing else was written to these tables since the snapshot: the rollback undoes the run only.</p>;
  return (
    <table className="min-w-full text-left text-sm" aria-label="Rows that would be lost" data-testid="rollback-losses">
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th className="py-1 pr-3 font-medium">Table</th><th className="py-1 pr-3 font-medium">Tenant</th>
          <th className="py-1 pr-3 text-right font-medium">Inserted</th><th className="py-1 pr-3 text-right font-medium">Changed</th>
          <th className="py-1 pr-3 text-right font-medium">Deleted</th><th className="py-1 text-right font-medium">Run rows edited</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {losses.entries.map((e) => (
          <tr key={`${e.table}/${e.tenantId ?? 'shared'}`}>
            <td className="py-1 pr-3 font-mono text-xs">{e.table}</td>
            <td className="py-1 pr-3">{e.tenantName ?? e.tenantId ?? 'shared'}</td>
            <td className="py-1 pr-3 text-right tabular-nums">{formatCount(e.inserted)}</td>
            <td className="py-1 pr-3 text-right tabular-nums">{formatCount(e.changed)}</td>
            <td className="py-1 pr-3 text-right tabular-nums">{formatCount(e.deleted)}</td>
            <td className="py-1 text-right tabular-nums">{formatCount(e.modifiedRunRows)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
