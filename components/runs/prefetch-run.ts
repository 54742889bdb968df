import 'server-only';
import type { QueryClient } from '@tanstack/react-query';
import { migrationKeys, QUARANTINE_PAGE_SIZE } from '@/lib/client/migration';
import { getPool } from '@/lib/server/db/pool';
import { getProgress } from '@/lib/server/migration/runs/get-progress';
import { listQuarantine } from '@/lib/server/migration/runs/list-quarantine';
import type { MigrationProgress } from '@/lib/shared/contracts/migration';
import { AppError } from '@/lib/shared/errors';

/**
 * Fills a request's query client with what the Runs page shows first: the run's progress (null when
 * no run exists, as the client reads a 404) and the first page of its quarantine. Other failures are
 * not dehydrated: the client then fetches itself and shows the error.
 */
export async function prefetchRun(queryClient: QueryClient, runId?: string): Promise<void> {
  const db = getPool();
  await queryClient.prefetchQuery({
    queryKey: migrationKeys.progress(runId),
    queryFn: () => getProgress(db, runId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') return null;
      throw error;
    }),
  });
  const progress = queryClient.getQueryData<MigrationProgress | null>(migrationKeys.progress(runId));
  if (!progress) return;
  const page = { after: null, collection: null, pageSize: QUARANTINE_PAGE_SIZE };
  await queryClient.prefetchQuery({
    queryKey: migrationKeys.quarantine(progress.runId, page, progress.collections.reduce((sum, c) => sum + c.quarantined, 0)),
    queryFn: () => listQuarantine(db, { runId: progress.runId, limit: page.pageSize }),
  });
}
