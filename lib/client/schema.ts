import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  SchemaRunFailureDetails,
  SchemaRunResponse,
  SchemaStatusResponse,
} from '../shared/contracts/schema';
import { ApiError, apiFetch } from './api-client';

export const schemaKeys = {
  all: ['schema'] as const,
  status: () => [...schemaKeys.all, 'status'] as const,
};

/** How often the status is re-read while another migration holds the lock (to follow it and see it end). */
export const LOCKED_POLL_MS = 2_000;

export const schemaStatusQuery = () =>
  queryOptions({
    queryKey: schemaKeys.status(),
    queryFn: ({ signal }) => apiFetch<SchemaStatusResponse>('/api/schema', { signal }),
    refetchInterval: (query) => (query.state.data?.lock ? LOCKED_POLL_MS : false),
  });

export function useSchemaStatus() {
  return useQuery(schemaStatusQuery());
}

/** What the Schema page can run: apply every pending migration, or roll back (to one). */
export type SchemaAction = { kind: 'migrate' } | { kind: 'rollback'; to?: string };

export type SchemaActionInput = SchemaAction & { dryRun: boolean };

function runSchemaAction(input: SchemaActionInput): Promise<SchemaRunResponse> {
  if (input.kind === 'migrate') return apiFetch<SchemaRunResponse>('/api/schema/migrate', { method: 'POST', body: { dryRun: input.dryRun } });
  const body = input.to === undefined ? { dryRun: input.dryRun } : { to: input.to, dryRun: input.dryRun };
  return apiFetch<SchemaRunResponse>('/api/schema/rollback', { method: 'POST', body });
}

/**
 * Runs a schema action. A dry run changes nothing (nothing to invalidate); a real run refreshes the
 * status whatever its outcome, since a failed run may still have applied the steps before the failure.
 */
export function useSchemaAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: runSchemaAction,
    onSettled: (_data, _error, input) => (input.dryRun ? undefined : client.invalidateQueries({ queryKey: schemaKeys.all })),
  });
}

/** The per-step result a failed run carries in its error details (409 with `failedStep`), if any. */
export function failedRunResult(error: unknown): SchemaRunResponse | null {
  if (!(error instanceof ApiError) || typeof error.details !== 'object' || error.details === null) return null;
  const details = error.details as Partial<SchemaRunFailureDetails>;
  return details.result && typeof details.failedStep === 'string' && Array.isArray(details.result.steps) ? details.result : null;
}
