import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import type { Metadata } from 'next';
import Link from 'next/link';
import { prefetchRun } from '@/components/runs/prefetch-run';
import { RunPanel } from '@/components/runs/run-panel';
import { PageHeader } from '@/components/ui/page-header';
import { requireSessionUser } from '@/lib/server/auth/session-user';

export const metadata: Metadata = { title: 'Run' };

/** One run by id (a permalink to a run that may no longer be the newest). */
export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  const user = await requireSessionUser(2, `/runs/${encodeURIComponent(runId)}`);
  const queryClient = new QueryClient();
  await prefetchRun(queryClient, runId);
  return (
    <>
      <PageHeader title="Run" description={<>One migration run. <Link className="text-brand-700 underline" href="/runs">The newest run</Link> is on the Runs page.</>} />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <RunPanel canControl={user.level === 1} runId={runId} />
      </HydrationBoundary>
    </>
  );
}
