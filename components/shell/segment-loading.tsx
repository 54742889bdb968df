import { Card } from '../ui/card';

export type SegmentLoadingProps = {
  /** What is being read, in words, when it may take a while (e.g. the legacy store for the Plan). */
  hint?: string;
};

/**
 * Shown by a segment's `loading.tsx` while its page is rendered on the server, inside the console
 * frame, so a slow page (the Plan reads every legacy file) shows progress instead of a frozen screen.
 */
export function SegmentLoading({ hint }: SegmentLoadingProps) {
  return (
    <div role="status" aria-live="polite" aria-busy="true" data-testid="segment-loading" className="space-y-6">
      <div className="space-y-2">
        <div className="h-7 w-48 animate-pulse rounded bg-slate-200" />
        <div className="h-4 w-96 max-w-full animate-pulse rounded bg-slate-100" />
      </div>
      <Card>
        <p className="text-sm font-medium text-slate-700">Loading…</p>
        {hint && <p className="mt-1 text-sm text-slate-500">{hint}</p>}
        <div className="mt-4 space-y-3" aria-hidden="true">
          {[0, 1, 2].map((row) => (
            <div key={row} className="h-4 animate-pulse rounded bg-slate-100" style={{ width: `${90 - row * 15}%` }} />
          ))}
        </div>
      </Card>
    </div>
  );
}
