import type { MigrationStatus, RunState } from '@/lib/shared/contracts/migration';

/** The one sentence at the top of the status page. */
export function headline(status: MigrationStatus): string {
  const active = status.activeRun;
  if (active) {
    const words: Partial<Record<RunState, string>> = {
      snapshotting: 'A rollback snapshot is being taken before the migration starts.',
      queued: 'The migration is starting.',
      running: 'The migration is running.',
      pausing: 'The migration is pausing.',
      paused: 'The migration is paused.',
      rolling_back: 'The migration is being undone.',
    };
    return words[active.state] ?? `The migration is ${active.state.replace('_', ' ')}.`;
  }
  const last = status.lastRun;
  if (!last) return 'The migration has not started yet.';
  if (last.state === 'completed') return 'The migration is complete.';
  if (last.state === 'failed') return 'The last migration attempt failed.';
  if (last.state === 'rolled_back') return 'The last migration was undone; the data is back in the legacy store only.';
  return `The last migration ended ${last.state.replace('_', ' ')}.`;
}

/** Where the application's reads go, in plain words. */
export const MODE_WORDS: Record<MigrationStatus['mode'], string> = {
  legacy: 'The application still reads and writes the legacy store.',
  hybrid: 'The application is switching over: it reads from both stores.',
  new: 'The application reads and writes NileDB.',
};

/** How the last finished run ended, in plain words. */
export const OUTCOME_WORDS: Record<RunState, string> = {
  snapshotting: 'taking its rollback snapshot',
  queued: 'queued',
  running: 'running',
  pausing: 'pausing',
  paused: 'paused',
  completed: 'completed',
  failed: 'failed',
  rolling_back: 'being undone',
  rolled_back: 'undone',
};
