import { LogsQuerySchema } from '@/lib/shared/contracts/migration';
import { parseQuery } from '@/lib/server/http/parse-body';
import { withAuth } from '@/lib/server/http/with-auth';
import { logsToCsv } from '@/lib/server/migration/runs/logs-csv';
import { listRunLogs } from '@/lib/server/migration/runs/list-run-logs';

// GET /api/migration/logs?runId=&level=&collection=&source=&actor=&action=&outcome=&from=&to=&before=&limit=&format=json|csv — run events and the audit trail (level 2)
export const GET = withAuth(async ({ db, req }) => {
  const query = parseQuery(req, LogsQuerySchema);
  const logs = await listRunLogs(db, query);
  if (query.format === 'json') return logs;
  const name = `ferry-logs-${new Date().toISOString().replace(/[:.]/g, '-')}.csv`;
  return new Response(logsToCsv(logs.entries), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store', ...(logs.nextBefore ? { 'X-Next-Before': logs.nextBefore } : {}) },
  });
}, { level: 2 });
