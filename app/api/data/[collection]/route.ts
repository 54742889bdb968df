import { DocumentParamsSchema, PageQuerySchema } from '@/lib/shared/contracts/adapter';
import { readPage } from '@/lib/server/adapter/query-adapter';
import { parseQuery } from '@/lib/server/http/parse-body';
import { parseParams } from '@/lib/server/http/parse-params';
import { withAuth } from '@/lib/server/http/with-auth';
import { migrationSource } from '@/lib/server/migration/migration-source';

// GET /api/data/<collection>?tenant=&limit=&after= — a page of documents in _id order, { items, next, source } (level 2)
export const GET = withAuth<{ collection: string }>(async ({ db, req, params }) => {
  const { collection } = parseParams(params, DocumentParamsSchema.pick({ collection: true }));
  const query = parseQuery(req, PageQuerySchema);
  return readPage(db, migrationSource(), { collection, tenant: query.tenant, after: query.after, limit: query.limit });
}, { level: 2 });
