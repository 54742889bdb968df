'use client';

import { useStartMigration, useStopMigration } from '@/lib/client/migration';
import type { RunState } from '@/lib/shared/contracts/migration';
import { Button } from '../ui/button';
import { ErrorText } from '../ui/error-text';

/**
 * Level-1 controls of the shown run: Pause while it is queued or running (it stops at the next batch
 * boundary, checkpoints kept), Resume once it is paused (`POST /api/migration/start` resumes it).
 */
export function RunControls({ state }: { state: RunState }) {
  const stop = useStopMigration();
  const start = useStartMigration();
  const busy = stop.isPending || start.isPending;
  const canPause = state === 'snapshotting' || state === 'queued' || state === 'running';
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex gap-2">
        {canPause && (
          <Button variant="secondary" onClick={() => { start.reset(); stop.mutate(); }} disabled={busy}>
            {stop.isPending ? 'Pausing…' : 'Pause'}
          </Button>
        )}
        {state === 'pausing' && <Button variant="secondary" disabled>Pausing…</Button>}
        {state === 'paused' && (
          <Button onClick={() => { stop.reset(); start.mutate(); }} disabled={busy}>
            {start.isPending ? 'Resuming…' : 'Resume'}
          </Button>
        )}
      </div>
      <ErrorText error={stop.error ?? start.error} testId="run-control-error" />
    </div>
  );
}
