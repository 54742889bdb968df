import { LogsQuerySchema } from '@/lib/shared/contracts/migration';
import { parseQuery } from '@/lib/server/http/parse-body';
import { withAuth } from '@/lib/server/http/with-auth';
import { listRunLogs } from '@/lib/server/migration/runs/list-run-logs';

// GET /api/migration/logs?runId=&level=&collection=&source=&before=&limit= — run events and audit entries (level 2)
export const GET = withAuth(async ({ db, req }) => listRunLogs(db, parseQuery(req, LogsQuerySchema)), { level: 2 });
