'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { migrationKeys } from '@/lib/client/migration';
import { rollbackKeys, useRollbackTarget } from '@/lib/client/rollback';
import type { RollbackTarget } from '@/lib/shared/contracts/rollback';
import { Button } from '../ui/button';
import { RollbackDialog } from './rollback-dialog';

/**
 * The on-call button, in the console shell on every page (Level 1): red "Roll back" whenever data has
 * been migrated since the snapshot protecting the last run; "Rolling back…" while a rollback runs (it
 * opens the same dialog, following it). Nothing otherwise.
 */
export function RollbackButton() {
  const target = useRollbackTarget();
  useRefreshOnRollbackChange(target.data?.active?.id ?? null, target.data !== undefined);
  // The dialog keeps what it was opened on: it stays to show "Rolled back" after the button has gone.
  const [opened, setOpened] = useState<RollbackTarget | null>(null);
  const data = target.data;
  const isShown = !!data && (data.available || !!data.active);
  return (
    <>
      {isShown && (
        <Button variant="danger" className="w-full" onClick={() => setOpened(data)} data-testid="rollback-button">
          {data.active ? 'Rolling back…' : 'Roll back'}
        </Button>
      )}
      {opened && <RollbackDialog target={opened} onClose={() => setOpened(null)} />}
    </>
  );
}

/**
 * When a rollback starts or ends (seen by this poll, whoever started it and whether or not its dialog is
 * still open), what it changes is read again: the run's state and progress, the run's rollbacks.
 */
function useRefreshOnRollbackChange(activeId: string | null, known: boolean): void {
  const client = useQueryClient();
  const seen = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (!known) return;
    if (seen.current !== undefined && seen.current !== activeId) {
      void client.invalidateQueries({ queryKey: migrationKeys.all });
      void client.invalidateQueries({ queryKey: rollbackKeys.all, predicate: (q) => q.queryKey[1] !== 'target' });
    }
    seen.current = activeId;
  }, [activeId, known, client]);
}
