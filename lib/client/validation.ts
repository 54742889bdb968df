import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ValidateResponse, ValidationDetail, ValidationList, ValidationSummary } from '../shared/contracts/validation';
import { ApiError, apiFetch } from './api-client';
import { migrationKeys } from './migration';

export type { SampleDetail, ValidationDetail, ValidationResult, ValidationSummary } from '../shared/contracts/validation';

export const validationKeys = {
  all: ['validation'] as const,
  list: (runId?: string) => [...validationKeys.all, 'list', runId ?? 'all'] as const,
  detail: (id: string) => [...validationKeys.all, 'detail', id] as const,
};

/** How often a running validation is re-read. */
export const VALIDATION_POLL_MS = 1_000;

/** Poll only while something runs. */
export function listRefetchInterval(list: ValidationList | undefined): number | false {
  return list?.validations.some((v) => v.state === 'running') ? VALIDATION_POLL_MS : false;
}

export function detailRefetchInterval(detail: ValidationDetail | null | undefined): number | false {
  return detail?.state === 'running' ? VALIDATION_POLL_MS : false;
}

export function validationsPath(runId?: string, limit?: number): string {
  const params = new URLSearchParams();
  if (runId) params.set('runId', runId);
  if (limit) params.set('limit', String(limit));
  const search = params.toString();
  return `/api/migration/validations${search ? `?${search}` : ''}`;
}

/** Validations (of one run, or all), newest first — the history of reports. */
export const validationListQuery = (runId?: string, limit?: number) =>
  queryOptions({
    queryKey: [...validationKeys.list(runId), limit ?? 20] as const,
    queryFn: ({ signal }) => apiFetch<ValidationList>(validationsPath(runId, limit), { signal }),
    refetchInterval: (query) => listRefetchInterval(query.state.data),
  });

export function useValidations(runId?: string, limit?: number) {
  return useQuery(validationListQuery(runId, limit));
}

/** One validation with its report; `null` when it does not exist (the API's 404). */
export const validationQuery = (id: string) =>
  queryOptions({
    queryKey: validationKeys.detail(id),
    queryFn: async ({ signal }): Promise<ValidationDetail | null> => {
      try {
        return await apiFetch<ValidationDetail>(`/api/migration/validations/${encodeURIComponent(id)}`, { signal });
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    refetchInterval: (query) => detailRefetchInterval(query.state.data),
  });

export function useValidation(id: string | null) {
  return useQuery({ ...validationQuery(id ?? 'none'), enabled: id !== null });
}

/** The newest validation of a run, for the verdict the Runs page shows. */
export function useRunVerdict(runId: string): { summary: ValidationSummary | null; isPending: boolean; error: unknown } {
  const query = useValidations(runId, 1);
  return { summary: query.data?.validations[0] ?? null, isPending: query.isPending, error: query.error };
}

/**
 * Starts a validation of a run (the newest by default), or joins the running one
 * (`POST /api/migration/validate`). Validations and the status (which shows the verdict) are re-read.
 */
export function useStartValidation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (runId?: string) => apiFetch<ValidateResponse>('/api/migration/validate', { method: 'POST', body: runId ? { runId } : {} }),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: validationKeys.all });
      await client.invalidateQueries({ queryKey: migrationKeys.status() });
    },
  });
}
