import { describe, expect, it } from 'vitest';
import type { MigrationStatus, RunState, RunSummary } from '@/lib/shared/contracts/migration';
import { headline } from './status-words';

const run = (state: RunState): RunSummary => ({ runId: 'r', state, createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'a@b.c', finishedAt: null, processed: 1, total: 2 });
const status = (activeRun: RunSummary | null, lastRun: RunSummary | null) => ({ mode: 'legacy', activeRun, lastRun, legacy: { collections: 1, records: 2 }, new: { records: 0 } }) as MigrationStatus;

describe('headline', () => {
  it('speaks of the active run first', () => {
    expect(headline(status(run('running'), run('completed')))).toBe('The migration is running.');
    expect(headline(status(run('queued'), null))).toBe('The migration is starting.');
    expect(headline(status(run('paused'), null))).toBe('The migration is paused.');
    expect(headline(status(run('rolling_back'), null))).toBe('The migration is being undone.');
  });

  it('then of how the last run ended, or that none has started', () => {
    expect(headline(status(null, run('completed')))).toBe('The migration is complete.');
    expect(headline(status(null, run('failed')))).toBe('The last migration attempt failed.');
    expect(headline(status(null, run('rolled_back')))).toMatch(/^The last migration was undone/);
    expect(headline(status(null, null))).toBe('The migration has not started yet.');
  });
});
