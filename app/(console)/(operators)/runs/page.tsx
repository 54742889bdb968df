import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { prefetchRun } from '@/components/runs/prefetch-run';
import { RunPanel } from '@/components/runs/run-panel';
import { PageHeader } from '@/components/ui/page-header';
import { requireSessionUser } from '@/lib/server/auth/session-user';

export const metadata: Metadata = { title: 'Runs' };

/** The newest migration run, live. Operators (Level 2) watch; Level-1 admins may also pause and resume. */
export default async function RunsPage() {
  const user = await requireSessionUser(2, '/runs');
  const queryClient = new QueryClient();
  await prefetchRun(queryClient);
  return (
    <>
      <PageHeader
        title="Runs"
        description="The newest migration run, updated every second while it moves. The run belongs to background workers: closing this page changes nothing."
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <RunPanel canControl={user.level === 1} />
      </HydrationBoundary>
    </>
  );
}
