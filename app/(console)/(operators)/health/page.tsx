import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { HealthPanel } from '@/components/health/health-panel';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { healthKeys } from '@/lib/client/health';
import { requireSessionUser } from '@/lib/server/auth/session-user';
import { getPool } from '@/lib/server/db/pool';
import { FERRY_VERSION } from '@/lib/server/config/version';
import { getDetailedHealth } from '@/lib/server/health/get-detailed-health';
import { getHealthHistory } from '@/lib/server/health/get-health-history';
import { getOverview } from '@/lib/server/overview/get-overview';

export const metadata: Metadata = { title: 'Health' };

export default async function HealthPage() {
  // Each page checks the level itself: a layout's redirect does not stop a page's own render.
  await requireSessionUser(2, '/health');
  const queryClient = new QueryClient();
  const [overview] = await Promise.all([
    getOverview(getPool()),
    queryClient.prefetchQuery({ queryKey: healthKeys.detailed(), queryFn: () => getDetailedHealth(getPool()) }),
    queryClient.prefetchQuery({ queryKey: healthKeys.history(), queryFn: () => getHealthHistory(getPool()) }),
  ]);
  const isolated = overview.database.isIsolationEnforced === true;
  return (
    <>
      <PageHeader title="Health" description={`Live checks of this installation (Ferry ${FERRY_VERSION}). Public liveness for monitors: GET /api/health.`} />
      <div className="space-y-6">
        <Card title="Tenant isolation">
          <div className="flex items-start justify-between gap-4 text-sm" data-testid="health-isolation">
            <p className="text-slate-700">{isolated ? 'Ferry’s role is neither superuser nor BYPASSRLS, so row-level security filters every tenant query.' : 'Ferry’s role bypasses row-level security: tenant isolation does not apply to it.'}</p>
            <Badge tone={isolated ? 'good' : 'bad'}>{isolated ? 'ok' : 'failing'}</Badge>
          </div>
        </Card>
        <HydrationBoundary state={dehydrate(queryClient)}>
          <HealthPanel />
        </HydrationBoundary>
      </div>
    </>
  );
}
