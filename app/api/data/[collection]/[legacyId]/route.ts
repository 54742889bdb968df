import { DocumentParamsSchema, DocumentQuerySchema } from '@/lib/shared/contracts/adapter';
import { readDocument } from '@/lib/server/adapter/query-adapter';
import { parseQuery } from '@/lib/server/http/parse-body';
import { parseParams } from '@/lib/server/http/parse-params';
import { withAuth } from '@/lib/server/http/with-auth';
import { migrationSource } from '@/lib/server/migration/migration-source';

// GET /api/data/<collection>/<legacyId>?tenant= — one document in the legacy shape from the store the adapter's mode says (level 2)
export const GET = withAuth<{ collection: string; legacyId: string }>(async ({ db, req, params }) => {
  const { collection, legacyId } = parseParams(params, DocumentParamsSchema);
  const { tenant } = parseQuery(req, DocumentQuerySchema);
  return readDocument(db, migrationSource(), { collection, id: legacyId, tenant });
}, { level: 2 });
