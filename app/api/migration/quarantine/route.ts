import { parseQuery } from '@/lib/server/http/parse-body';
import { withAuth } from '@/lib/server/http/with-auth';
import { listQuarantine, QuarantineQuerySchema } from '@/lib/server/migration/runs/list-quarantine';

// GET /api/migration/quarantine?runId=&collection=&after=&limit= — documents kept aside, with reason, file and line (level 2)
export const GET = withAuth(async ({ db, req }) => listQuarantine(db, parseQuery(req, QuarantineQuerySchema)), { level: 2 });
