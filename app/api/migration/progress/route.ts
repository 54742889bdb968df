import { withAuth } from '@/lib/server/http/with-auth';
import { getSharedProgress } from '@/lib/server/migration/runs/get-progress';

// GET /api/migration/progress[?runId=] — live progress of the given or newest run (level 2)
export const GET = withAuth(async ({ db, req }) => getSharedProgress(db, req.nextUrl.searchParams.get('runId') ?? undefined), { level: 2 });
