import type { Metadata } from 'next';
import { AuditTable } from '@/components/overview/audit-table';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireSessionUser } from '@/lib/server/auth/session-user';
import { listAudit } from '@/lib/server/audit/list-audit';
import { getPool } from '@/lib/server/db/pool';

export const metadata: Metadata = { title: 'Logs' };

export default async function LogsPage() {
  // Each page checks the level itself: a layout's redirect does not stop a page's own render.
  await requireSessionUser(2, '/logs');
  const { entries } = await listAudit(getPool(), { limit: 100 });
  return (
    <>
      <PageHeader title="Logs" description="The audit trail: who did what, when, from where, and how it ended. Newest first; the last 100 entries." />
      {entries.length === 0 ? (
        <EmptyState title="No audit entries yet">
          <p>Every sign-in and every change made through the console or the API is recorded here.</p>
        </EmptyState>
      ) : (
        <AuditTable entries={entries} />
      )}
    </>
  );
}
