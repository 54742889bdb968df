import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MOVING_SNAPSHOT_STATES, type CreateSnapshotResponse, type DeleteSnapshotResponse, type SnapshotList } from '../shared/contracts/snapshots';
import { apiFetch } from './api-client';
import { migrationKeys } from './migration';
import { rollbackKeys } from './rollback';

export const snapshotKeys = {
  all: ['snapshots'] as const,
  list: () => [...snapshotKeys.all, 'list'] as const,
};

/** How often the Snapshots page re-reads while a snapshot is being written or rehearsed. */
export const SNAPSHOT_POLL_MS = 1_000;

export function snapshotsRefetchInterval(list: SnapshotList | undefined): number | false {
  return list?.snapshots.some((s) => (MOVING_SNAPSHOT_STATES as readonly string[]).includes(s.state)) ? SNAPSHOT_POLL_MS : false;
}

export const snapshotsQuery = () =>
  queryOptions({
    queryKey: snapshotKeys.list(),
    queryFn: ({ signal }) => apiFetch<SnapshotList>('/api/migration/snapshots', { signal }),
    refetchInterval: (query) => snapshotsRefetchInterval(query.state.data),
  });

export function useSnapshots() {
  return useQuery(snapshotsQuery());
}

/** Takes a snapshot now (`POST /api/migration/snapshot`); the list then follows it. */
export function useCreateSnapshot() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<CreateSnapshotResponse>('/api/migration/snapshot', { method: 'POST', body: {} }),
    onSettled: () => client.invalidateQueries({ queryKey: snapshotKeys.all }),
  });
}

/** Deletes an old snapshot (`DELETE /api/migration/snapshots/<id>`); the plan may name another one next. */
export function useDeleteSnapshot() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (snapshotId: string) => apiFetch<DeleteSnapshotResponse>(`/api/migration/snapshots/${encodeURIComponent(snapshotId)}`, { method: 'DELETE' }),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: snapshotKeys.all });
      await client.invalidateQueries({ queryKey: migrationKeys.plan() });
      await client.invalidateQueries({ queryKey: rollbackKeys.all });
    },
  });
}
