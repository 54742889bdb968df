import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LossReport, RollbackAccepted, RollbackList, RollbackPreview, RollbackRequest, RollbackTarget, RollbackView } from '../shared/contracts/rollback';
import { ApiError, apiFetch } from './api-client';
import { migrationKeys } from './migration';

export const rollbackKeys = {
  all: ['rollback'] as const,
  target: () => [...rollbackKeys.all, 'target'] as const,
  preview: (tenant: string | null) => [...rollbackKeys.all, 'preview', tenant ?? 'run'] as const,
  one: (rollbackId: string) => [...rollbackKeys.all, 'one', rollbackId] as const,
  ofRun: (runId: string) => [...rollbackKeys.all, 'run', runId] as const,
};

/** The button's poll: every few seconds (something may get migrated on another screen), every second while a rollback runs. */
export const TARGET_POLL_MS = 5_000;
export const ROLLBACK_POLL_MS = 1_000;

export function targetRefetchInterval(target: RollbackTarget | undefined): number {
  return target?.active ? ROLLBACK_POLL_MS : TARGET_POLL_MS;
}

export function rollbackRefetchInterval(view: RollbackView | undefined): number | false {
  return !view || view.state === 'running' ? ROLLBACK_POLL_MS : false;
}

export const rollbackTargetQuery = () =>
  queryOptions({
    queryKey: rollbackKeys.target(),
    queryFn: ({ signal }) => apiFetch<RollbackTarget>('/api/migration/rollback', { signal }),
    refetchInterval: (query) => targetRefetchInterval(query.state.data),
  });

export function useRollbackTarget(enabled = true) {
  return useQuery({ ...rollbackTargetQuery(), enabled });
}

export function previewPath(tenant: string | null): string {
  return tenant ? `/api/migration/rollback/preview?${new URLSearchParams({ tenant }).toString()}` : '/api/migration/rollback/preview';
}

/** What a rollback of the run (or one tenant) would undo and lose; read when the dialog opens or the scope changes. */
export const rollbackPreviewQuery = (tenant: string | null) =>
  queryOptions({
    queryKey: rollbackKeys.preview(tenant),
    queryFn: ({ signal }) => apiFetch<RollbackPreview>(previewPath(tenant), { signal }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });

export function useRollbackPreview(tenant: string | null, enabled: boolean) {
  return useQuery({ ...rollbackPreviewQuery(tenant), enabled });
}

export const rollbackQuery = (rollbackId: string) =>
  queryOptions({
    queryKey: rollbackKeys.one(rollbackId),
    queryFn: ({ signal }) => apiFetch<RollbackView>(`/api/migration/rollbacks/${encodeURIComponent(rollbackId)}`, { signal }),
    refetchInterval: (query) => rollbackRefetchInterval(query.state.data),
  });

export function useRollback(rollbackId: string | null) {
  return useQuery({ ...rollbackQuery(rollbackId ?? ''), enabled: rollbackId !== null });
}

export const runRollbacksQuery = (runId: string) =>
  queryOptions({
    queryKey: rollbackKeys.ofRun(runId),
    queryFn: ({ signal }) => apiFetch<RollbackList>(`/api/migration/rollbacks?runId=${encodeURIComponent(runId)}`, { signal }),
    refetchInterval: (query) => (query.state.data?.rollbacks.some((r) => r.state === 'running') ? ROLLBACK_POLL_MS : false),
  });

export function useRunRollbacks(runId: string) {
  return useQuery(runRollbacksQuery(runId));
}

/** Starts (or joins) a rollback; everything about runs and rollbacks is re-read afterwards. */
export function useRequestRollback() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: RollbackRequest) => apiFetch<RollbackAccepted>('/api/migration/rollback', { method: 'POST', body: request }),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: rollbackKeys.all });
      await client.invalidateQueries({ queryKey: migrationKeys.all });
    },
  });
}

/** The rows a refused rollback would have lost (409 `details.losses`), or null. */
export function lossesOf(error: unknown): LossReport | null {
  if (!(error instanceof ApiError) || typeof error.details !== 'object' || error.details === null) return null;
  const losses = (error.details as { losses?: LossReport }).losses;
  return losses && Array.isArray(losses.entries) ? losses : null;
}
