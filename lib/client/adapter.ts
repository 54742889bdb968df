import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AdapterConfig, AdapterStats, SetModeInput } from '../shared/contracts/adapter';
import { apiFetch } from './api-client';
import { migrationKeys } from './migration';

export const adapterKeys = {
  all: ['adapter'] as const,
  stats: () => [...adapterKeys.all, 'stats'] as const,
};

/** The Overview re-reads the adapter's counters this often while reads go to more than one store. */
export const ADAPTER_POLL_MS = 5_000;

export const adapterStatsQuery = () =>
  queryOptions({
    queryKey: adapterKeys.stats(),
    queryFn: ({ signal }) => apiFetch<AdapterStats>('/api/migration/adapter', { signal }),
    refetchInterval: (query) => (query.state.data?.mode === 'hybrid' ? ADAPTER_POLL_MS : false),
  });

export function useAdapterStats() {
  return useQuery(adapterStatsQuery());
}

/** `PUT /api/migration/mode`; a refused promotion (409) carries its reasons in `details.reasons`. */
export function useSetMode() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SetModeInput) => apiFetch<AdapterConfig>('/api/migration/mode', { method: 'PUT', body: input }),
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: adapterKeys.all }), client.invalidateQueries({ queryKey: migrationKeys.status() })]),
  });
}
