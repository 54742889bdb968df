import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { AdapterPanel } from '@/components/overview/adapter-panel';
import { DatabaseCard, LegacyCard } from '@/components/overview/overview-cards';
import { Card } from '@/components/ui/card';
import { LatestVerdictCard } from '@/components/validation/latest-verdict-card';
import { PageHeader } from '@/components/ui/page-header';
import { adapterKeys } from '@/lib/client/adapter';
import { validationKeys } from '@/lib/client/validation';
import { getSystemStats } from '@/lib/server/adapter/get-system-stats';
import { requireSessionUser } from '@/lib/server/auth/session-user';
import { getPool } from '@/lib/server/db/pool';
import { migrationSource } from '@/lib/server/migration/migration-source';
import { getOverview } from '@/lib/server/overview/get-overview';
import { listValidations } from '@/lib/server/validation/list-validations';
import { LEVELS } from '@/lib/shared/levels';

export const metadata: Metadata = { title: 'Overview' };

export default async function OverviewPage() {
  const user = await requireSessionUser(2);
  const overview = await getOverview(getPool());
  const queryClient = new QueryClient();
  // The adapter card is prefetched for at most a second (its record counts may scan a cold legacy store);
  // a slower or failed prefetch is not dehydrated: the card then fetches itself.
  await Promise.race([
    queryClient.prefetchQuery({ queryKey: adapterKeys.stats(), queryFn: () => getSystemStats(getPool(), migrationSource()) }),
    new Promise((resolve) => setTimeout(resolve, 1000)),
  ]);
  await queryClient.prefetchQuery({ queryKey: [...validationKeys.list(undefined), 1], queryFn: () => listValidations(getPool(), { limit: 1 }) });
  return (
    <>
      <PageHeader title="Overview" description="The state of this Ferry installation, read live." />
      <div className="grid gap-6 lg:grid-cols-2">
        <DatabaseCard database={overview.database} />
        <LegacyCard legacy={overview.legacy} />
        <HydrationBoundary state={dehydrate(queryClient)}>
          <AdapterPanel canSwitch={user.level === 1} />
          <LatestVerdictCard />
        </HydrationBoundary>
        <Card title="Signed in" description="Your identity and what it allows.">
          <dl className="space-y-1 text-sm" data-testid="overview-user">
            <div><dt className="inline text-slate-500">Name: </dt><dd className="inline font-medium">{user.name}</dd></div>
            <div><dt className="inline text-slate-500">Email: </dt><dd className="inline font-medium">{user.email}</dd></div>
            <div><dt className="inline text-slate-500">Level: </dt><dd className="inline font-medium">{user.level} · {LEVELS[user.level].name} — {LEVELS[user.level].summary}</dd></div>
          </dl>
        </Card>
      </div>
    </>
  );
}
