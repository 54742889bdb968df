import { describe, expect, it } from 'vitest';
import type { RollbackTarget, RollbackView } from '../shared/contracts/rollback';
import type { SnapshotList } from '../shared/contracts/snapshots';
import { ApiError } from './api-client';
import { lossesOf, previewPath, rollbackKeys, rollbackRefetchInterval, ROLLBACK_POLL_MS, targetRefetchInterval, TARGET_POLL_MS } from './rollback';
import { snapshotKeys, snapshotsRefetchInterval, SNAPSHOT_POLL_MS } from './snapshots';

describe('rollback client', () => {
  it('polls the button’s target every few seconds, every second while a rollback runs, and a rollback until it ends', () => {
    expect(targetRefetchInterval(undefined)).toBe(TARGET_POLL_MS);
    expect(targetRefetchInterval({ active: { id: 'r' } } as RollbackTarget)).toBe(ROLLBACK_POLL_MS);
    expect(rollbackRefetchInterval({ state: 'running' } as RollbackView)).toBe(ROLLBACK_POLL_MS);
    expect(rollbackRefetchInterval({ state: 'completed' } as RollbackView)).toBe(false);
    expect(rollbackRefetchInterval({ state: 'failed' } as RollbackView)).toBe(false);
  });

  it('polls snapshots only while one is written or rehearsed', () => {
    const list = (...states: string[]) => ({ snapshots: states.map((state) => ({ state })) }) as SnapshotList;
    expect(snapshotsRefetchInterval(list('verified', 'creating'))).toBe(SNAPSHOT_POLL_MS);
    expect(snapshotsRefetchInterval(list('verified', 'verifying'))).toBe(SNAPSHOT_POLL_MS);
    expect(snapshotsRefetchInterval(list('verified', 'failed'))).toBe(false);
    expect(snapshotsRefetchInterval(undefined)).toBe(false);
  });

  it('keys nest under their resource; the preview path encodes the tenant key', () => {
    expect(rollbackKeys.preview(null)).toEqual(['rollback', 'preview', 'run']);
    expect(rollbackKeys.one('x').slice(0, 1)).toEqual(rollbackKeys.all);
    expect(snapshotKeys.list().slice(0, 1)).toEqual(snapshotKeys.all);
    expect(previewPath(null)).toBe('/api/migration/rollback/preview');
    expect(previewPath('org a&b')).toBe('/api/migration/rollback/preview?tenant=org+a%26b');
  });

  it('reads the rows a refused rollback would have lost from the 409 envelope', () => {
    const losses = { rows: 1, entries: [{ table: 't', tenantId: null, tenantName: null, inserted: 1, changed: 0, deleted: 0, modifiedRunRows: 0 }] };
    expect(lossesOf(new ApiError(409, 'conflict', 'no', { losses }))).toEqual(losses);
    expect(lossesOf(new ApiError(409, 'conflict', 'no', { runId: 'r' }))).toBeNull();
    expect(lossesOf(new Error('x'))).toBeNull();
  });
});
