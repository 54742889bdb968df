import type { AdapterMode } from '../../shared/contracts/adapter';
import type { StatusPhase } from '../../shared/contracts/status';
import type { RunState } from '../../shared/run-states';

export type PhaseInputs = { run: RunState | null; mode: AdapterMode; validation: string | null; snapshot: string | null; rollback: string | null };

/**
 * The phase of the move, from the newest run, the adapter's mode, the latest validation, snapshot and
 * rollback: an active run decides (snapshotting, migrating, being undone); then a rollback in progress
 * or an undone run; then the mode (`new` is cut over, `hybrid` is switching); then validation; a
 * snapshot being taken before any run; else planning.
 */
export function phaseOf(i: PhaseInputs): StatusPhase {
  if (i.run === 'snapshotting') return 'snapshot';
  if (i.run === 'rolling_back' || i.rollback === 'running' || i.run === 'rolled_back') return 'rolled_back';
  if (i.run === 'queued' || i.run === 'running' || i.run === 'pausing' || i.run === 'paused' || i.run === 'failed') return 'migrating';
  if (i.mode === 'new') return 'cut_over';
  if (i.mode === 'hybrid') return 'hybrid';
  if (i.run === 'completed') return 'validating';
  if (i.snapshot === 'creating' || i.snapshot === 'verifying') return 'snapshot';
  return 'planning';
}

/** The page's headline and one sentence under it, in plain words. */
export function wordsFor(phase: StatusPhase, c: { runState: RunState | null; validation: string | null; critical: number }): { headline: string; detail: string } {
  switch (phase) {
    case 'planning':
      return { headline: 'Preparing the move', detail: 'The data is still only in the old store; the team is planning the migration.' };
    case 'snapshot':
      return { headline: 'Taking a safety copy', detail: 'A snapshot is being taken so the move can be undone if needed.' };
    case 'migrating':
      if (c.runState === 'paused' || c.runState === 'pausing') return { headline: 'Migration paused', detail: 'Copying is paused; it continues where it stopped once resumed.' };
      if (c.runState === 'failed') return { headline: 'Migration interrupted', detail: 'Copying stopped on an error; the team can resume it where it stopped.' };
      return { headline: 'Migrating', detail: 'Records are being copied to the new database. The application keeps using the old store meanwhile.' };
    case 'validating':
      if (c.validation === 'running') return { headline: 'Checking the copy', detail: 'Every record is being compared with the old store.' };
      if (c.validation === 'failed') return { headline: 'Checks found problems', detail: `The last check found ${c.critical} critical issue(s); the team is looking into them before switching over.` };
      if (c.validation === 'passed') return { headline: 'Copy checked', detail: 'The copy passed its checks; switching over comes next.' };
      return { headline: 'Copy complete', detail: 'All records are copied; the copy will be checked before the switch.' };
    case 'hybrid':
      return { headline: 'Switching over', detail: 'The application reads from the new database, with the old store as a safety net.' };
    case 'cut_over':
      return { headline: 'Moved', detail: 'The application now runs on the new database.' };
    case 'rolled_back':
      return c.runState === 'rolling_back'
        ? { headline: 'Undoing the migration', detail: 'The copy is being removed; the application keeps using the old store.' }
        : { headline: 'Migration undone', detail: 'The move was rolled back; the application uses the old store.' };
  }
}
