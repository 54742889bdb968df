import { AppError } from '@/lib/shared/errors';
import { withAuth } from '@/lib/server/http/with-auth';
import { listQuarantine, QuarantineQuerySchema } from '@/lib/server/migration/runs/list-quarantine';

// GET /api/migration/quarantine?runId=&collection=&limit=&after= — documents kept aside, with reason, file and line (level 2)
export const GET = withAuth(async ({ db, req }) => {
  const parsed = QuarantineQuerySchema.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!parsed.success) throw new AppError('bad_request', 'Invalid query.', { details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  return listQuarantine(db, parsed.data);
}, { level: 2 });
