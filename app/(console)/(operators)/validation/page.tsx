import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireSessionUser } from '@/lib/server/auth/session-user';

export const metadata: Metadata = { title: 'Validation' };

export default async function ValidationPage() {
  // Each page checks the level itself: a layout's redirect does not stop a page's own render.
  await requireSessionUser(2, '/validation');
  return (
    <>
      <PageHeader title="Validation" description="Proof that a migration kept every record intact." />
      <EmptyState title="Nothing validated yet">
        <p>After a run, validation compares counts and content checksums between the legacy store and Nile, checks referential integrity, admin integrity, password hashes and tenant isolation, and lists critical issues, warnings and information with recommendations.</p>
        <p>Run a migration first; validation is then available here and through <code>POST /api/migration/validate</code>.</p>
      </EmptyState>
    </>
  );
}
