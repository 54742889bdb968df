'use client';

import { useEffect, useId, useRef } from 'react';
import type { SchemaAction } from '@/lib/client/schema';
import type { SchemaRunResponse } from '@/lib/shared/contracts/schema';
import { Button } from '../ui/button';
import { ErrorText } from '../ui/error-text';
import { countMigrations, stepScript } from './format';

export type ConfirmRunDialogProps = {
  action: SchemaAction;
  /** The dry run of `action`: the exact steps and SQL a confirmation will run. */
  preview: { data?: SchemaRunResponse; error: unknown; isPending: boolean };
  isRunning: boolean;
  onConfirm: () => void;
  onCancel: () => void;
};

export function actionTitle(action: SchemaAction): string {
  if (action.kind === 'migrate') return 'Apply pending migrations';
  return action.to ? `Roll back to ${action.to}` : 'Roll back the last migration';
}

function describe(action: SchemaAction, count: number): string {
  if (action.kind === 'migrate') {
    return `Applies ${countMigrations(count)} in this order, each in its own transaction, recorded as applied by you. A failure stops the run; the migrations before it stay applied.`;
  }
  return `Rolls back ${countMigrations(count)}, newest first, each in its own transaction. The tables they created are dropped with their rows.`;
}

/**
 * A modal confirmation (native `<dialog>`, so focus stays inside and Escape cancels) that lists the
 * migrations an action affects and the exact SQL it will run, fetched as a dry run before it opens.
 */
export function ConfirmRunDialog({ action, preview, isRunning, onConfirm, onCancel }: ConfirmRunDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const steps = preview.data?.steps ?? [];
  const canConfirm = !preview.isPending && !preview.error && steps.length > 0 && !isRunning;
  const verb = action.kind === 'migrate' ? 'apply' : 'roll back';

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      data-testid="schema-confirm"
      onCancel={(event) => {
        event.preventDefault();
        if (!isRunning) onCancel();
      }}
      className="m-auto max-h-[90vh] w-full max-w-4xl overflow-hidden rounded-lg bg-white p-0 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/40"
    >
      <div className="flex max-h-[90vh] flex-col">
        <header className="border-b border-slate-100 px-5 py-4">
          <h2 id={titleId} className="text-base font-semibold text-slate-900">{actionTitle(action)}</h2>
          <p id={descriptionId} className="mt-1 text-sm text-slate-600">
            {preview.data ? describe(action, steps.length) : 'Preparing the exact SQL with a dry run; nothing changes until you confirm.'}
          </p>
        </header>
        <div className="min-h-0 flex-1 space-y-4 overflow-y-auto px-5 py-4">
          {preview.isPending && <p role="status" className="text-sm text-slate-500">Preparing the SQL…</p>}
          <ErrorText error={preview.error} testId="schema-confirm-error" />
          {preview.data && steps.length === 0 && (
            <p className="text-sm text-slate-600">Nothing to {verb}: {action.kind === 'migrate' ? 'every migration is already applied' : 'no migration is applied'}.</p>
          )}
          {steps.length > 0 && (
            <>
              <div>
                <h3 className="text-sm font-medium text-slate-800">Affected migrations, in the order they will run</h3>
                <ol className="mt-1 list-decimal pl-6 text-sm" aria-label="Affected migrations" data-testid="schema-confirm-migrations">
                  {steps.map((s) => <li key={s.id}><span className="font-mono text-xs">{s.id}</span> — {s.name}</li>)}
                </ol>
              </div>
              <div data-testid="schema-confirm-sql">
                <h3 className="text-sm font-medium text-slate-800">SQL that will run</h3>
                {steps.map((s) => (
                  <pre key={s.id} className="mt-2 overflow-x-auto rounded bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100">
                    {`-- ${verb} ${s.id}: ${s.name}\n${stepScript(s.statements)}`}
                  </pre>
                ))}
              </div>
            </>
          )}
        </div>
        <footer className="flex justify-end gap-2 border-t border-slate-100 px-5 py-3">
          <Button variant="secondary" onClick={onCancel} disabled={isRunning}>Cancel</Button>
          <Button variant={action.kind === 'migrate' ? 'primary' : 'danger'} onClick={onConfirm} disabled={!canConfirm}>
            {isRunning ? 'Running…' : 'Confirm'}
          </Button>
        </footer>
      </div>
    </dialog>
  );
}
