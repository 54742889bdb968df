import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { SnapshotsPanel } from '@/components/snapshots/snapshots-panel';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { snapshotKeys } from '@/lib/client/snapshots';
import { requireSessionUser } from '@/lib/server/auth/session-user';
import { getPool } from '@/lib/server/db/pool';
import { listSnapshots } from '@/lib/server/snapshot/list-snapshots';

export const metadata: Metadata = { title: 'Snapshots' };

/** Rollback snapshots (Level 1): list, size, rows, verified, which run each protects; take one; delete old ones. */
export default async function SnapshotsPage() {
  const user = await requireSessionUser(1, '/snapshots');
  const header = (
    <PageHeader
      title="Snapshots"
      description="Encrypted, checksummed copies of everything a run can change in the target, each restored into a scratch schema to verify it. Every run is protected by one: it is reused while the target has not changed, or taken as the run's first step."
    />
  );
  if (user.level !== 1) {
    return <>{header}<EmptyState title="Level-1 admins only"><p>Snapshots hold the target’s data; only a Level-1 admin lists, takes and deletes them.</p></EmptyState></>;
  }
  const queryClient = new QueryClient();
  await queryClient.prefetchQuery({ queryKey: snapshotKeys.list(), queryFn: () => listSnapshots(getPool()) });
  return (
    <>
      {header}
      <HydrationBoundary state={dehydrate(queryClient)}>
        <SnapshotsPanel />
      </HydrationBoundary>
    </>
  );
}
