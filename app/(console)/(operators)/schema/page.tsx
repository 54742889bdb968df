import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { SchemaPanel } from '@/components/schema/schema-panel';
import { PageHeader } from '@/components/ui/page-header';
import { schemaKeys } from '@/lib/client/schema';
import { requireSessionUser } from '@/lib/server/auth/session-user';
import { getPool } from '@/lib/server/db/pool';
import { getSchemaOverview } from '@/lib/server/schema/schema-actions';

export const metadata: Metadata = { title: 'Schema' };

/** The target schema's migrations. Operators (Level 2) read; Level-1 admins may also apply and roll back. */
export default async function SchemaPage() {
  const user = await requireSessionUser(2, '/schema');
  const queryClient = new QueryClient();
  // A failed prefetch is not dehydrated: the panel then fetches itself and shows the error.
  await queryClient.prefetchQuery({ queryKey: schemaKeys.status(), queryFn: () => getSchemaOverview(getPool()) });
  return (
    <>
      <PageHeader
        title="Schema"
        description="Versioned migrations of the target schema (the PenguinMails tables), each recorded in a ledger with a chained checksum, linted for Nile compatibility before it is applied."
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <SchemaPanel canChange={user.level === 1} />
      </HydrationBoundary>
    </>
  );
}
