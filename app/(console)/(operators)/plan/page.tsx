import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { PlanPanel } from '@/components/plan/plan-panel';
import { PageHeader } from '@/components/ui/page-header';
import { migrationKeys } from '@/lib/client/migration';
import { requireSessionUser } from '@/lib/server/auth/session-user';
import { getPool } from '@/lib/server/db/pool';
import { buildPlan } from '@/lib/server/migration/plan/build-plan';
import { migrationSource } from '@/lib/server/migration/migration-source';

export const metadata: Metadata = { title: 'Plan' };

/** What a migration would do, read-only. Operators (Level 2) read it; Level-1 admins may also start the run. */
export default async function PlanPage() {
  const user = await requireSessionUser(2, '/plan');
  const queryClient = new QueryClient();
  // A failed prefetch (e.g. an invalid mapping file) is not dehydrated: the panel fetches itself and shows the error.
  await queryClient.prefetchQuery({
    queryKey: migrationKeys.plan(),
    queryFn: async () => (await buildPlan({ db: getPool(), ...migrationSource() })).plan,
  });
  return (
    <>
      <PageHeader
        title="Plan"
        description="What a migration would do, before it does anything: every collection of the legacy store, where it goes in Nile, and what stands in the way."
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <PlanPanel canStart={user.level === 1} />
      </HydrationBoundary>
    </>
  );
}
