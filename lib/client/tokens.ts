import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiToken, CreatedApiToken, CreateTokenInput } from '../shared/contracts/tokens';
import { apiFetch } from './api-client';

export const tokenKeys = {
  all: ['tokens'] as const,
  list: () => [...tokenKeys.all, 'list'] as const,
};

export const tokensQuery = () =>
  queryOptions({ queryKey: tokenKeys.list(), queryFn: ({ signal }) => apiFetch<{ tokens: ApiToken[] }>('/api/tokens', { signal }) });

export function useTokens() {
  return useQuery(tokensQuery());
}

/** Creates a token; the secret comes back once, in the mutation's data. */
export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTokenInput) => apiFetch<CreatedApiToken>('/api/tokens', { method: 'POST', body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<ApiToken>(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}
