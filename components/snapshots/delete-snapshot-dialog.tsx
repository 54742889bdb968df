'use client';

import { useEffect, useRef } from 'react';
import type { SnapshotView } from '@/lib/shared/contracts/snapshots';
import { Button } from '../ui/button';
import { ErrorText } from '../ui/error-text';
import { formatTimestamp } from '../schema/format';

/** Confirms deleting a snapshot: its files and its row go, and nothing can be restored from it afterwards. */
export function DeleteSnapshotDialog({ snapshot, error, isDeleting, onConfirm, onCancel }: { snapshot: SnapshotView; error: unknown; isDeleting: boolean; onConfirm: () => void; onCancel: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} aria-label="Delete snapshot" data-testid="snapshot-delete-dialog" onCancel={(e) => { e.preventDefault(); if (!isDeleting) onCancel(); }}
      className="m-auto w-full max-w-lg rounded-lg bg-white p-0 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/40">
      <div className="space-y-3 px-5 py-4 text-sm">
        <h2 className="text-base font-semibold text-slate-900">Delete snapshot?</h2>
        <p>Snapshot <span className="font-mono text-xs">{snapshot.id}</span>, taken {formatTimestamp(snapshot.createdAt)}, and its encrypted files are deleted for good (with any loss exports beside it). Nothing can be restored from it afterwards.</p>
        <ErrorText error={error} testId="snapshot-delete-error" />
      </div>
      <footer className="flex justify-end gap-2 border-t border-slate-100 px-5 py-3">
        <Button variant="secondary" onClick={onCancel} disabled={isDeleting}>Cancel</Button>
        <Button variant="danger" onClick={onConfirm} disabled={isDeleting}>{isDeleting ? 'Deleting…' : 'Delete snapshot'}</Button>
      </footer>
    </dialog>
  );
}
