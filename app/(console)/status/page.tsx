import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { ShareLinks } from '@/components/status/share-links';
import { StatusPanel } from '@/components/status/status-panel';
import { PageHeader } from '@/components/ui/page-header';
import { migrationKeys } from '@/lib/client/migration';
import { requireSessionUser } from '@/lib/server/auth/session-user';
import { getPool } from '@/lib/server/db/pool';
import { migrationSource } from '@/lib/server/migration/migration-source';
import { getMigrationStatus } from '@/lib/server/migration/runs/get-status';

export const metadata: Metadata = { title: 'Status' };

/** For stakeholders (every level, viewers included): where the move to NileDB stands, in plain words. */
export default async function StatusPage() {
  const user = await requireSessionUser(3, '/status');
  const queryClient = new QueryClient();
  // A failed prefetch is not dehydrated: the panel then fetches itself and shows the error.
  await queryClient.prefetchQuery({ queryKey: migrationKeys.status(), queryFn: () => getMigrationStatus(getPool(), migrationSource()) });
  return (
    <>
      <PageHeader title="Migration status" description="For stakeholders: where the move to NileDB stands, in plain words. It updates by itself while a migration runs." />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <StatusPanel />
      </HydrationBoundary>
      {user.level === 1 && <div className="mt-6"><ShareLinks /></div>}
    </>
  );
}
