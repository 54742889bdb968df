import type { Metadata } from 'next';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { requireSessionUser } from '@/lib/server/auth/session-user';
import { getPool } from '@/lib/server/db/pool';
import { checkLiveness } from '@/lib/server/health/check-liveness';
import { getOverview } from '@/lib/server/overview/get-overview';

export const metadata: Metadata = { title: 'Health' };

export default async function HealthPage() {
  // Each page checks the level itself: a layout's redirect does not stop a page's own render.
  await requireSessionUser(2, '/health');
  const [liveness, overview] = await Promise.all([checkLiveness(getPool), getOverview(getPool())]);
  const checks = [
    { name: 'Target database answers', ok: liveness.database === 'up', detail: overview.database.location },
    { name: 'Tenant isolation applies to Ferry’s role', ok: overview.database.isIsolationEnforced === true, detail: 'The role is neither superuser nor BYPASSRLS, so row-level security filters every tenant query.' },
    { name: 'Legacy source readable', ok: overview.legacy.exists, detail: overview.legacy.error ?? overview.legacy.dir },
  ];
  return (
    <>
      <PageHeader title="Health" description={`Live checks of this installation (Ferry ${liveness.version}). Public liveness for monitors: GET /api/health.`} />
      <Card title="Checks">
        <ul className="divide-y divide-slate-100" data-testid="health-checks">
          {checks.map((c) => (
            <li key={c.name} className="flex items-start justify-between gap-4 py-2 text-sm">
              <div>
                <p className="font-medium text-slate-900">{c.name}</p>
                <p className="break-all text-xs text-slate-500">{c.detail}</p>
              </div>
              <Badge tone={c.ok ? 'good' : 'bad'}>{c.ok ? 'ok' : 'failing'}</Badge>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
