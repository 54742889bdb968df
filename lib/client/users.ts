import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ConsoleUser, CreateUserInput, UpdateUserInput } from '../shared/contracts/users';
import { apiFetch } from './api-client';

export const userKeys = {
  all: ['users'] as const,
  list: () => [...userKeys.all, 'list'] as const,
};

export const usersQuery = () =>
  queryOptions({ queryKey: userKeys.list(), queryFn: ({ signal }) => apiFetch<{ users: ConsoleUser[] }>('/api/users', { signal }) });

export function useUsers() {
  return useQuery(usersQuery());
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateUserInput) => apiFetch<ConsoleUser>('/api/users', { method: 'POST', body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: UpdateUserInput }) =>
      apiFetch<ConsoleUser>(`/api/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: change }),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.all }),
  });
}
