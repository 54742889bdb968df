'use client';

import { useState } from 'react';
import { useCreateSnapshot, useDeleteSnapshot, useSnapshots } from '@/lib/client/snapshots';
import type { SnapshotView } from '@/lib/shared/contracts/snapshots';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { ErrorText } from '../ui/error-text';
import { DeleteSnapshotDialog } from './delete-snapshot-dialog';
import { SnapshotRow } from './snapshot-row';

/**
 * The Snapshots page's live part: every snapshot (polled while one is being written or rehearsed), a
 * button to take one now, and deletion with a confirmation. The snapshot protecting the newest run
 * cannot be deleted (its Delete is disabled with the reason; the API refuses it with 409 too).
 */
export function SnapshotsPanel() {
  const list = useSnapshots();
  const create = useCreateSnapshot();
  const remove = useDeleteSnapshot();
  const [deleting, setDeleting] = useState<SnapshotView | null>(null);
  if (list.isPending) return <p role="status" className="text-sm text-slate-500">Reading snapshots…</p>;
  if (!list.data) return <ErrorText error={list.error} testId="snapshots-error" />;
  const snapshots = list.data.snapshots;
  return (
    <div className="space-y-6" data-testid="snapshots-panel">
      <Card
        title={`Snapshots (${snapshots.length})`}
        description="Newest first. A run's rollback restores the snapshot that protects it."
        actions={<Button onClick={() => create.mutate()} disabled={create.isPending}>{create.isPending ? 'Starting…' : 'Take a snapshot now'}</Button>}
      >
        <ErrorText error={create.error ?? list.error} testId="snapshots-action-error" />
        {snapshots.length === 0 ? (
          <EmptyState title="No snapshot yet"><p>The first migration run takes one before it loads anything; you can also take one now.</p></EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-sm" aria-label="Snapshots" data-testid="snapshots">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th className="py-2 pr-4 font-medium">Snapshot</th><th className="py-2 pr-4 font-medium">State</th><th className="py-2 pr-4 text-right font-medium">Size</th>
                  <th className="py-2 pr-4 text-right font-medium">Rows</th><th className="py-2 pr-4 font-medium">Verified</th><th className="py-2 pr-4 font-medium">Protects run</th>
                  <th className="py-2 font-medium"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {snapshots.map((s) => <SnapshotRow key={s.id} snapshot={s} onDelete={() => { remove.reset(); setDeleting(s); }} />)}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      {deleting && (
        <DeleteSnapshotDialog snapshot={deleting} error={remove.error} isDeleting={remove.isPending}
          onCancel={() => setDeleting(null)} onConfirm={() => remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })} />
      )}
    </div>
  );
}
