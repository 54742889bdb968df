import type { ReactNode } from 'react';

/** What an empty page says: what will appear here, and how to make it appear. No placeholder numbers. */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center" data-testid="empty-state">
      <h2 className="text-base font-semibold text-slate-800">{title}</h2>
      <div className="mx-auto mt-2 max-w-xl space-y-2 text-sm text-slate-600">{children}</div>
    </div>
  );
}
