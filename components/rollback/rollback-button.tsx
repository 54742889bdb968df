'use client';

import { useState } from 'react';
import { useRollbackTarget } from '@/lib/client/rollback';
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
