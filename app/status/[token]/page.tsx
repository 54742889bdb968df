import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SharedStatusPanel } from '@/components/status/shared-status-panel';
import { statusLinkKeys } from '@/lib/client/status-links';
import { getPool } from '@/lib/server/db/pool';
import { getPublicStatus } from '@/lib/server/status-links/get-public-status';
import { isValidStatusToken } from '@/lib/server/status-links/resolve-status-link';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Migration status', robots: { index: false, follow: false }, referrer: 'no-referrer' };

/**
 * The stakeholder status page behind a share link: no sign-in (proxy.ts lets `/status/<token>` through),
 * a 404 for an unknown or revoked link, and only what `getPublicStatus` holds — no names, ids or hosts.
 */
export default async function SharedStatusPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const db = getPool();
  if (!(await isValidStatusToken(db, token))) notFound();
  const queryClient = new QueryClient();
  await queryClient.prefetchQuery({ queryKey: statusLinkKeys.shared(), queryFn: () => getPublicStatus(db) });
  return (
    <main className="mx-auto max-w-3xl px-4 py-8 sm:py-12">
      <p className="text-sm font-semibold uppercase tracking-wider text-brand-600">Ferry</p>
      <h1 className="mb-6 mt-1 text-xl font-semibold text-slate-900 sm:text-2xl">Moving our data to NileDB: status</h1>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <SharedStatusPanel token={token} />
      </HydrationBoundary>
    </main>
  );
}
