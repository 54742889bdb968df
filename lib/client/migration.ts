import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MigrationProgress, MigrationStatus, QuarantinePage, StartMigrationResponse, StopMigrationResponse } from '../shared/contracts/migration';
import type { MigrationPlan, PlanIssue } from '../shared/contracts/plan';
import { isMovingState } from '../shared/run-states';
import { ApiError, apiFetch } from './api-client';

export type { QuarantinedDocument, QuarantinePage } from '../shared/contracts/migration';

/** The newest run when no run id is given. */
const LATEST = 'latest';

export const migrationKeys = {
  all: ['migration'] as const,
  plan: () => [...migrationKeys.all, 'plan'] as const,
  progress: (runId?: string) => [...migrationKeys.all, 'progress', runId ?? LATEST] as const,
  status: () => [...migrationKeys.all, 'status'] as const,
  quarantineOf: (runId: string) => [...migrationKeys.all, 'quarantine', runId] as const,
  quarantine: (runId: string, page: QuarantinePageParams, quarantined: number) => [...migrationKeys.quarantineOf(runId), page, quarantined] as const,
};

/** How often the Runs page re-reads a moving run, and the status page an active one. */
export const PROGRESS_POLL_MS = 1_000;
/** A run at rest (paused, finished) may still be resumed or rolled back from another screen. */
export const PROGRESS_IDLE_POLL_MS = 10_000;
export const STATUS_POLL_MS = 4_000;
/** The plan reads the whole legacy store: re-read it on demand, not on every focus. */
export const PLAN_STALE_MS = 60_000;
export const QUARANTINE_PAGE_SIZE = 25;

export { isMovingState };

/**
 * The progress poll: every second while the run moves, every ten seconds once it is paused or finished
 * (someone may resume or roll it back elsewhere; a reading is shared by every caller, so this is cheap),
 * not at all when there is no run.
 */
export function progressRefetchInterval(progress: MigrationProgress | null | undefined): number | false {
  if (!progress) return false;
  return isMovingState(progress.state) ? PROGRESS_POLL_MS : PROGRESS_IDLE_POLL_MS;
}

/** The status poll: every few seconds while a run is active (paused included: someone may resume it elsewhere). */
export function statusRefetchInterval(status: MigrationStatus | undefined): number | false {
  return status?.activeRun ? STATUS_POLL_MS : false;
}

export const planQuery = () =>
  queryOptions({
    queryKey: migrationKeys.plan(),
    queryFn: ({ signal }) => apiFetch<MigrationPlan>('/api/migration/plan', { signal }),
    staleTime: PLAN_STALE_MS,
    refetchOnWindowFocus: false,
  });

export function usePlan() {
  return useQuery(planQuery());
}

/** Progress of the given run, else the newest; `null` when no run exists (the API's 404). */
export const progressQuery = (runId?: string) =>
  queryOptions({
    queryKey: migrationKeys.progress(runId),
    queryFn: async ({ signal }): Promise<MigrationProgress | null> => {
      const search = runId ? `?runId=${encodeURIComponent(runId)}` : '';
      try {
        return await apiFetch<MigrationProgress>(`/api/migration/progress${search}`, { signal });
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    refetchInterval: (query) => progressRefetchInterval(query.state.data),
  });

export function useProgress(runId?: string) {
  return useQuery(progressQuery(runId));
}

export const statusQuery = () =>
  queryOptions({
    queryKey: migrationKeys.status(),
    queryFn: ({ signal }) => apiFetch<MigrationStatus>('/api/migration/status', { signal }),
    refetchInterval: (query) => statusRefetchInterval(query.state.data),
  });

export function useMigrationStatus() {
  return useQuery(statusQuery());
}

/** Which page of a run's quarantine: `after` is the previous page's `next` (keyset paging); `collection` filters. */
export type QuarantinePageParams = { after: string | null; collection: string | null; pageSize: number };

export function quarantinePath(runId: string, page: QuarantinePageParams): string {
  const params = new URLSearchParams({ runId, limit: String(page.pageSize) });
  if (page.collection) params.set('collection', page.collection);
  if (page.after) params.set('after', page.after);
  return `/api/migration/quarantine?${params.toString()}`;
}

/**
 * One page of a run's quarantine as of `quarantined` documents (the count the progress reports, polled
 * every second while the run moves): when the count changes, so does the key, and the page is re-read —
 * so it never polls by itself, and the last documents quarantined before the run ended still show.
 */
export const quarantineQuery = (runId: string, page: QuarantinePageParams, quarantined: number) =>
  queryOptions({
    queryKey: migrationKeys.quarantine(runId, page, quarantined),
    queryFn: ({ signal }) => apiFetch<QuarantinePage>(quarantinePath(runId, page), { signal }),
    placeholderData: keepPreviousData,
  });

export function useQuarantine(runId: string, page: QuarantinePageParams, quarantined: number) {
  return useQuery(quarantineQuery(runId, page, quarantined));
}

/**
 * Starts a run, or resumes the paused one (`POST /api/migration/start`). Whatever the outcome, the plan,
 * progress and status are re-read: a refusal (409 active run, 422 blockers) means they changed too.
 */
export function useStartMigration() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<StartMigrationResponse>('/api/migration/start', { method: 'POST', body: {} }),
    onSettled: () => client.invalidateQueries({ queryKey: migrationKeys.all }),
  });
}

/** Pauses the active run at the next batch boundary (`POST /api/migration/stop`). */
export function useStopMigration() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<StopMigrationResponse>('/api/migration/stop', { method: 'POST', body: {} }),
    onSettled: () => client.invalidateQueries({ queryKey: migrationKeys.all }),
  });
}

/** The blockers a refused start carries (422 `details.blockers`), or an empty list. */
export function blockersOf(error: unknown): PlanIssue[] {
  if (!(error instanceof ApiError) || typeof error.details !== 'object' || error.details === null) return [];
  const blockers = (error.details as { blockers?: unknown }).blockers;
  return Array.isArray(blockers) ? blockers.filter((b): b is PlanIssue => typeof b === 'object' && b !== null && typeof (b as PlanIssue).message === 'string') : [];
}
