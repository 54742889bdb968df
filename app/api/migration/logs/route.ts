import { AppError } from '@/lib/shared/errors';
import { LogsQuerySchema } from '@/lib/shared/contracts/migration';
import { withAuth } from '@/lib/server/http/with-auth';
import { listRunLogs } from '@/lib/server/migration/runs/list-run-logs';

// GET /api/migration/logs?runId=&level=&collection=&source=&before=&limit= — run events and audit entries (level 2)
export const GET = withAuth(async ({ db, req }) => {
  const parsed = LogsQuerySchema.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!parsed.success) throw new AppError('bad_request', 'Invalid query.', { details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  return listRunLogs(db, parsed.data);
}, { level: 2 });
