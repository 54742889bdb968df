import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Status' };

export default function StatusPage() {
  return (
    <>
      <PageHeader title="Migration status" description="For stakeholders: where the move to NileDB stands, in plain words." />
      <EmptyState title="No migration has started">
        <p>Once an admin starts a migration, this page shows its state, how far it has come, when it is expected to finish, and the outcome of its validation.</p>
      </EmptyState>
    </>
  );
}
