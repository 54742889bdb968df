import { queryOptions, useQuery } from '@tanstack/react-query';
import type { DetailedHealth, HealthHistory } from '../shared/contracts/health';
import { apiFetch } from './api-client';

export const healthKeys = {
  all: ['health'] as const,
  detailed: () => [...healthKeys.all, 'detailed'] as const,
  history: () => [...healthKeys.all, 'history'] as const,
};

/** The Health page follows the monitor: it samples every FERRY_HEALTH_INTERVAL_SECONDS (15 s by default). */
export const HEALTH_POLL_MS = 15_000;

export type HealthHistoryAnswer = HealthHistory & { rulesError: string | null };

export const detailedHealthQuery = () =>
  queryOptions({ queryKey: healthKeys.detailed(), queryFn: ({ signal }) => apiFetch<DetailedHealth>('/api/health/detailed', { signal }), refetchInterval: HEALTH_POLL_MS });

export const healthHistoryQuery = () =>
  queryOptions({ queryKey: healthKeys.history(), queryFn: ({ signal }) => apiFetch<HealthHistoryAnswer>('/api/health/history', { signal }), refetchInterval: HEALTH_POLL_MS });

export function useDetailedHealth() {
  return useQuery(detailedHealthQuery());
}

export function useHealthHistory() {
  return useQuery(healthHistoryQuery());
}
