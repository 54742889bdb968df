'use client';

import { Button } from '../ui/button';
import { Card } from '../ui/card';

export type SegmentErrorProps = {
  /** What was thrown: from a server component an Error whose message Next has replaced, with a `digest`. */
  error: unknown;
  /** Clears the error and re-renders what is already on the client (kept for the file convention). */
  reset: () => void;
  /** Fetches the segment from the server again and re-renders it: what Retry does. */
  retry?: () => void;
};

function digestOf(error: unknown): string | null {
  const digest = (error as { digest?: unknown } | null)?.digest;
  return typeof digest === 'string' && digest !== '' ? digest : null;
}

/**
 * The error view of a console segment (`error.tsx`), inside the console frame: what happened in words,
 * a Retry button, and the error's reference to find it in the server logs. It never shows the message
 * or stack of what was thrown: on the server those may carry internals (Next replaces them anyway in
 * production), and in the browser they mean nothing to the reader.
 */
export function SegmentError({ error, reset, retry }: SegmentErrorProps) {
  const digest = digestOf(error);
  return (
    <div role="region" aria-label="Page error" data-testid="segment-error" className="max-w-2xl">
      <Card title="This page could not be shown" description="Something failed while preparing it. Nothing was changed by this error.">
        <div className="space-y-4 text-sm text-slate-700">
          <p>
            It may be temporary (the database restarting, a slow legacy store): try again. If it keeps failing, the
            server logs say why.
          </p>
          {digest ? (
            <p data-testid="segment-error-reference">
              Reference for the logs: <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">{digest}</code>
            </p>
          ) : (
            <p>The error happened in this browser; its console has the details.</p>
          )}
          <Button onClick={() => (retry ?? reset)()}>Retry</Button>
        </div>
      </Card>
    </div>
  );
}
