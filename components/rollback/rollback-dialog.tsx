'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { lossesOf, useRequestRollback, useRollback, useRollbackPreview } from '@/lib/client/rollback';
import type { RollbackTarget } from '@/lib/shared/contracts/rollback';
import { Button } from '../ui/button';
import { ErrorText } from '../ui/error-text';
import { Input, Select } from '../ui/field';
import { formatCount } from '../runs/format';
import { formatTimestamp } from '../schema/format';
import { LossTable } from './loss-table';
import { RollbackProgress } from './rollback-progress';

const CONFIRM_WORD = 'ROLLBACK';

/**
 * The on-call dialog (native `<dialog>`: focus stays inside, Escape cancels): what will be undone (run,
 * rows, tenants, snapshot time) for the whole run or one picked tenant, the rows other writers changed
 * since the snapshot that would be lost (a second checkbox accepts exporting and undoing them), and the
 * word ROLLBACK typed to confirm. Then it follows the rollback until it is rolled back.
 */
export function RollbackDialog({ target, onClose }: { target: RollbackTarget; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [scope, setScope] = useState<'run' | 'tenant'>('run');
  const [tenantKey, setTenantKey] = useState<string | null>(null);
  const [acceptLoss, setAcceptLoss] = useState(false);
  const [typed, setTyped] = useState('');
  const [rollbackId, setRollbackId] = useState<string | null>(target.active?.id ?? null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const chosenTenant = scope === 'tenant' ? tenantKey : null;
  const preview = useRollbackPreview(chosenTenant, rollbackId === null && (scope === 'run' || tenantKey !== null));
  const request = useRequestRollback();
  const rollback = useRollback(rollbackId);
  const losses = lossesOf(request.error) ?? preview.data?.losses ?? null;
  const needsAccept = (losses?.rows ?? 0) > 0;
  const canConfirm = typed === CONFIRM_WORD && !!preview.data && !preview.isFetching && (!needsAccept || acceptLoss) && !request.isPending;
  const pickable = target.tenants.filter((t) => t.key !== null);

  const submit = () => request.mutate({ ...(chosenTenant ? { tenant: chosenTenant } : {}), ...(acceptLoss ? { acceptLoss: true } : {}) }, { onSuccess: (r) => setRollbackId(r.rollbackId) });

  return (
    <dialog ref={ref} aria-labelledby={titleId} data-testid="rollback-dialog" onCancel={(e) => { e.preventDefault(); if (!request.isPending) onClose(); }}
      className="m-auto max-h-[90vh] w-full max-w-3xl overflow-hidden rounded-lg bg-white p-0 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/40">
      <div className="flex max-h-[90vh] flex-col">
        <header className="border-b border-slate-100 px-5 py-4">
          <h2 id={titleId} className="text-base font-semibold text-red-700">Roll back the migration</h2>
          <p className="mt-1 text-sm text-slate-600">Brings the target back to the rollback snapshot taken before the run, one tenant per transaction, and switches reads back to the legacy store.</p>
        </header>
        <div className="min-h-0 flex-1 space-y-4 overflow-y-auto px-5 py-4 text-sm">
          {rollbackId ? (
            rollback.data ? (
              <>
                {rollback.data.state === 'completed' && <p className="text-base font-semibold text-emerald-700" data-testid="rollback-done">Rolled back.</p>}
                <RollbackProgress view={rollback.data} />
              </>
            ) : <p role="status" className="text-slate-500">Starting the rollback…</p>
          ) : (
            <>
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1" data-testid="rollback-summary">
                <dt className="text-slate-500">Run</dt><dd className="font-mono text-xs">{target.run?.runId} ({target.run?.state}, started by {target.run?.createdBy})</dd>
                <dt className="text-slate-500">Rows to remove</dt><dd className="tabular-nums" data-testid="rollback-rows">{preview.data ? formatCount(preview.data.rows) : '…'}</dd>
                <dt className="text-slate-500">Tenants</dt><dd data-testid="rollback-tenants">{preview.data ? formatCount(preview.data.tenants.length) : '…'}</dd>
                <dt className="text-slate-500">Snapshot</dt><dd data-testid="rollback-snapshot-time">{target.snapshot ? `taken ${formatTimestamp(target.snapshot.createdAt)}` : '—'}</dd>
              </dl>
              <fieldset className="space-y-2">
                <legend className="font-medium text-slate-800">What to undo</legend>
                <label className="flex items-center gap-2"><input type="radio" name="rollback-scope" checked={scope === 'run'} onChange={() => setScope('run')} /> The whole run (every tenant)</label>
                <label className="flex items-center gap-2"><input type="radio" name="rollback-scope" checked={scope === 'tenant'} onChange={() => setScope('tenant')} disabled={pickable.length === 0} /> One tenant; the others stay as they are</label>
                {scope === 'tenant' && (
                  <Select aria-label="Tenant to roll back" value={tenantKey ?? ''} onChange={(e) => setTenantKey(e.target.value || null)}>
                    <option value="">Choose a tenant…</option>
                    {pickable.map((t) => <option key={t.tenantId} value={t.key as string}>{t.name} ({t.key}) — {formatCount(t.rows)} rows</option>)}
                  </Select>
                )}
              </fieldset>
              {preview.isFetching && <p role="status" className="text-slate-500">Comparing the target with the snapshot…</p>}
              <ErrorText error={preview.error} testId="rollback-preview-error" />
              {losses && <LossTable losses={losses} />}
              {needsAccept && (
                <label className="flex items-start gap-2 rounded-md bg-amber-50 px-3 py-2 text-amber-900 ring-1 ring-amber-200">
                  <input type="checkbox" checked={acceptLoss} onChange={(e) => setAcceptLoss(e.target.checked)} data-testid="rollback-accept-loss" />
                  <span>Export these {formatCount(losses?.rows ?? 0)} rows (encrypted, beside the snapshot), then undo them too.</span>
                </label>
              )}
              <label className="block space-y-1">
                <span className="font-medium text-slate-800">Type {CONFIRM_WORD} to confirm</span>
                <Input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} aria-label={`Type ${CONFIRM_WORD} to confirm`} />
              </label>
              <ErrorText error={request.error} testId="rollback-request-error" />
            </>
          )}
        </div>
        <footer className="flex justify-end gap-2 border-t border-slate-100 px-5 py-3">
          <Button variant="secondary" onClick={onClose} disabled={request.isPending}>{rollbackId ? 'Close' : 'Cancel'}</Button>
          {!rollbackId && <Button variant="danger" onClick={submit} disabled={!canConfirm}>{request.isPending ? 'Starting…' : scope === 'tenant' ? 'Roll back this tenant' : 'Roll back the run'}</Button>}
        </footer>
      </div>
    </dialog>
  );
}
