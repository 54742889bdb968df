import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreatedStatusLink, CreateStatusLinkInput, PublicStatus, StatusLinkView } from '../shared/contracts/status';
import { isErrorEnvelope } from '../shared/errors';
import { ApiError, apiFetch } from './api-client';

export const statusLinkKeys = {
  all: ['status-links'] as const,
  list: () => [...statusLinkKeys.all, 'list'] as const,
  shared: () => ['shared-status'] as const,
};

/** A share page re-reads the status this often, whatever happens (stakeholders leave it open). */
export const SHARED_STATUS_POLL_MS = 10_000;

export const statusLinksQuery = () =>
  queryOptions({ queryKey: statusLinkKeys.list(), queryFn: ({ signal }) => apiFetch<{ links: StatusLinkView[] }>('/api/status/links', { signal }) });

export function useStatusLinks() {
  return useQuery(statusLinksQuery());
}

export function useCreateStatusLink() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateStatusLinkInput) => apiFetch<CreatedStatusLink>('/api/status/links', { method: 'POST', body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: statusLinkKeys.all }),
  });
}

export function useRevokeStatusLink() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<StatusLinkView>(`/api/status/links/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: statusLinkKeys.all }),
  });
}

/** The public status for a share token (sent in a header, never in the API URL); no cookies. */
async function fetchSharedStatus(token: string, signal?: AbortSignal): Promise<PublicStatus> {
  let response: Response;
  try {
    response = await fetch('/api/status/shared', { headers: { 'X-Status-Token': token }, credentials: 'omit', signal });
  } catch {
    throw new ApiError(0, 'network', 'The status could not be read. It will try again shortly.');
  }
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (isErrorEnvelope(payload)) throw new ApiError(response.status, payload.error.code, payload.error.message);
    throw new ApiError(response.status, 'internal', `Unexpected answer (HTTP ${response.status}).`);
  }
  return payload as PublicStatus;
}

export const sharedStatusQuery = (token: string) =>
  queryOptions({ queryKey: statusLinkKeys.shared(), queryFn: ({ signal }) => fetchSharedStatus(token, signal), refetchInterval: SHARED_STATUS_POLL_MS });

export function useSharedStatus(token: string) {
  return useQuery(sharedStatusQuery(token));
}
