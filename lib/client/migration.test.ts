import { describe, expect, it } from 'vitest';
import { RUN_STATES, type MigrationProgress, type MigrationStatus, type RunState } from '../shared/contracts/migration';
import { ApiError } from './api-client';
import { blockersOf, isMovingState, migrationKeys, progressRefetchInterval, PROGRESS_IDLE_POLL_MS, PROGRESS_POLL_MS, quarantinePath, statusRefetchInterval, STATUS_POLL_MS } from './migration';

const progress = (state: RunState) => ({ state }) as MigrationProgress;

describe('polling', () => {
  it('polls progress every second while the run moves, every ten seconds at rest', () => {
    const polled = RUN_STATES.filter((s) => progressRefetchInterval(progress(s)) === PROGRESS_POLL_MS);
    expect(polled).toEqual(['snapshotting', 'queued', 'running', 'pausing', 'rolling_back']);
    expect(RUN_STATES.filter((s) => progressRefetchInterval(progress(s)) === PROGRESS_IDLE_POLL_MS)).toEqual(['paused', 'completed', 'failed', 'rolled_back']);
    expect(RUN_STATES.filter((s) => !isMovingState(s))).toEqual(['paused', 'completed', 'failed', 'rolled_back']);
    expect(progressRefetchInterval(null)).toBe(false);
    expect(progressRefetchInterval(undefined)).toBe(false);
  });

  it('polls the status while a run is active, paused included', () => {
    const run = { runId: 'r', state: 'paused', createdAt: '', createdBy: '', finishedAt: null, processed: 1, total: 2 } as const;
    expect(statusRefetchInterval({ activeRun: run } as MigrationStatus)).toBe(STATUS_POLL_MS);
    expect(statusRefetchInterval({ activeRun: null } as MigrationStatus)).toBe(false);
    expect(statusRefetchInterval(undefined)).toBe(false);
  });
});

describe('keys and paths', () => {
  it('nests every key under the resource, the newest run under "latest"', () => {
    expect(migrationKeys.progress()).toEqual(['migration', 'progress', 'latest']);
    expect(migrationKeys.progress('r1')).toEqual(['migration', 'progress', 'r1']);
    const page = { after: null, collection: null, pageSize: 25 };
    expect(migrationKeys.quarantine('r1', page, 3).slice(0, 3)).toEqual(migrationKeys.quarantineOf('r1'));
  });

  it('builds the quarantine query with only the parameters set', () => {
    expect(quarantinePath('r1', { after: null, collection: null, pageSize: 25 })).toBe('/api/migration/quarantine?runId=r1&limit=25');
    expect(quarantinePath('r1', { after: 'leads/1457', collection: 'leads', pageSize: 10 })).toBe('/api/migration/quarantine?runId=r1&limit=10&collection=leads&after=leads%2F1457');
  });
});

describe('blockersOf', () => {
  const blocker = { code: 'target_not_empty', message: 'The target already holds migrated rows.', recommendation: 'Roll back.' };

  it('returns the blockers a refused start carries', () => {
    expect(blockersOf(new ApiError(422, 'unprocessable', 'The plan has 1 blocker(s)', { blockers: [blocker, { nonsense: true }] }))).toEqual([blocker]);
  });

  it.each([
    ['a conflict without blockers', new ApiError(409, 'conflict', 'Run x is already running.', { runId: 'x', state: 'running' })],
    ['an error without details', new ApiError(0, 'network', 'down')],
    ['something else', new Error('x')],
    ['nothing', null],
  ])('returns [] for %s', (_label, error) => {
    expect(blockersOf(error)).toEqual([]);
  });
});
