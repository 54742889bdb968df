import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { AuditEvent, RunEvent } from '../shared/contracts/migration';
import { apiFetch } from './api-client';

/** What the Logs page filters by (empty strings mean "any"). */
export type LogFilters = { actor: string; action: string; outcome: '' | 'success' | 'failure' | 'denied'; level: '' | 'info' | 'warn' | 'error'; collection: string; from: string; to: string };
export type LogsAnswer = { entries: (RunEvent | AuditEvent)[]; nextBefore: string | null };

export const EMPTY_LOG_FILTERS: LogFilters = { actor: '', action: '', outcome: '', level: '', collection: '', from: '', to: '' };
export const LOGS_PAGE_SIZE = 50;
/** Entries one export holds at most (the API's limit). */
export const EXPORT_LIMIT = 5000;

export const logKeys = {
  all: ['logs'] as const,
  page: (filters: LogFilters, before: string | null) => [...logKeys.all, filters, before] as const,
};

/** `datetime-local` value (the browser's local time) → ISO instant; empty stays empty. */
function instant(local: string): string {
  if (!local) return '';
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/** The API path for filters, a cursor, a page size and a format. */
export function logsPath(filters: LogFilters, options: { before?: string | null; limit: number; format?: 'json' | 'csv' }): string {
  const params = new URLSearchParams({ limit: String(options.limit) });
  for (const key of ['actor', 'action', 'outcome', 'level', 'collection'] as const) if (filters[key].trim()) params.set(key, filters[key].trim());
  if (instant(filters.from)) params.set('from', instant(filters.from));
  if (instant(filters.to)) params.set('to', instant(filters.to));
  if (options.before) params.set('before', options.before);
  if (options.format === 'csv') params.set('format', 'csv');
  return `/api/migration/logs?${params.toString()}`;
}

export const logsQuery = (filters: LogFilters, before: string | null) =>
  queryOptions({
    queryKey: logKeys.page(filters, before),
    queryFn: ({ signal }) => apiFetch<LogsAnswer>(logsPath(filters, { before, limit: LOGS_PAGE_SIZE }), { signal }),
    placeholderData: keepPreviousData,
  });

export function useLogs(filters: LogFilters, before: string | null) {
  return useQuery(logsQuery(filters, before));
}

/** Every entry the filters select (up to the export limit), for a JSON download. */
export function fetchLogsForExport(filters: LogFilters): Promise<LogsAnswer> {
  return apiFetch<LogsAnswer>(logsPath(filters, { limit: EXPORT_LIMIT }));
}
