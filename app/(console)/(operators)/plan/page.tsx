import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Plan' };

export default function PlanPage() {
  return (
    <>
      <PageHeader title="Plan" description="What a migration would do, before it does anything." />
      <EmptyState title="No plan yet">
        <p>This page will list every collection of the legacy store: its file, live documents, superseded versions, tombstones and corrupt lines, its tenants, where it goes in Nile, and the estimated records and time — with blockers on top.</p>
        <p>It appears once the migration engine is installed (issue 3). The legacy directory it will read is shown on the Overview.</p>
      </EmptyState>
    </>
  );
}
