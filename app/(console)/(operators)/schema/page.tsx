import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Schema' };

export default function SchemaPage() {
  return (
    <>
      <PageHeader title="Schema" description="Versioned migrations of the target schema." />
      <EmptyState title="No schema migrations installed">
        <p>This page will show applied and pending migrations with their checksums, who applied them and when, the Nile-compatibility lint results and the migration lock holder, with “apply pending” and “roll back to…” for Level-1 admins.</p>
        <p>Until then, the CLI manages the schema: <code>npm run db:migrate:status</code>.</p>
      </EmptyState>
    </>
  );
}
