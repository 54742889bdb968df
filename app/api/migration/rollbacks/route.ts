import { parseQuery } from '@/lib/server/http/parse-body';
import { withAuth } from '@/lib/server/http/with-auth';
import { listRollbacks } from '@/lib/server/rollback/list-rollbacks';
import { RollbacksQuerySchema } from '@/lib/shared/contracts/rollback';

// GET /api/migration/rollbacks[?runId=] — rollbacks, newest first: state, rows restored/removed, tenants (level 2)
export const GET = withAuth(async ({ db, req }) => listRollbacks(db, parseQuery(req, RollbacksQuerySchema).runId), { level: 2 });
