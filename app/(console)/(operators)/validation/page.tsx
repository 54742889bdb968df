import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { ValidationPanel } from '@/components/validation/validation-panel';
import { PageHeader } from '@/components/ui/page-header';
import { validationKeys } from '@/lib/client/validation';
import { requireSessionUser } from '@/lib/server/auth/session-user';
import { getPool } from '@/lib/server/db/pool';
import { getValidation } from '@/lib/server/validation/get-validation';
import { listValidations } from '@/lib/server/validation/list-validations';
import { isUuid } from '@/lib/shared/uuid';

export const metadata: Metadata = { title: 'Validation' };

/** The proof an admin takes to stakeholders: the newest validation's report (or `?id=`), and the history. Levels 1–2. */
export default async function ValidationPage({ searchParams }: { searchParams: Promise<{ id?: string }> }) {
  // Each page checks the level itself: a layout's redirect does not stop a page's own render.
  await requireSessionUser(2, '/validation');
  const { id } = await searchParams;
  const initialId = typeof id === 'string' && isUuid(id) ? id : null;
  const queryClient = new QueryClient();
  // A failed prefetch is not dehydrated: the panel then fetches itself and shows the error.
  await queryClient.prefetchQuery({ queryKey: [...validationKeys.list(undefined), 20], queryFn: () => listValidations(getPool()) });
  const shown = initialId ?? queryClient.getQueryData<{ validations: { id: string }[] }>([...validationKeys.list(undefined), 20])?.validations[0]?.id;
  if (shown) await queryClient.prefetchQuery({ queryKey: validationKeys.detail(shown), queryFn: () => getValidation(getPool(), shown).catch(() => null) });
  return (
    <>
      <PageHeader title="Validation" description="Proof that the migration kept every record: complete, unchanged, in its tenant, with sound admins, passwords and isolation." />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <ValidationPanel initialId={initialId} />
      </HydrationBoundary>
    </>
  );
}
