import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { LogsPanel } from '@/components/logs/logs-panel';
import { PageHeader } from '@/components/ui/page-header';
import { EMPTY_LOG_FILTERS, logKeys, LOGS_PAGE_SIZE } from '@/lib/client/logs';
import { requireSessionUser } from '@/lib/server/auth/session-user';
import { getPool } from '@/lib/server/db/pool';
import { listRunLogs } from '@/lib/server/migration/runs/list-run-logs';

export const metadata: Metadata = { title: 'Logs' };

export default async function LogsPage() {
  // Each page checks the level itself: a layout's redirect does not stop a page's own render.
  await requireSessionUser(2, '/logs');
  const queryClient = new QueryClient();
  await queryClient.prefetchQuery({ queryKey: logKeys.page(EMPTY_LOG_FILTERS, null), queryFn: () => listRunLogs(getPool(), { limit: LOGS_PAGE_SIZE }) });
  return (
    <>
      <PageHeader title="Logs" description="Run events and the audit trail together — who did what, when, and how it ended; what each run did. Newest first." />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <LogsPanel />
      </HydrationBoundary>
    </>
  );
}
