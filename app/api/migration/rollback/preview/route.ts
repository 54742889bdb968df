import { parseQuery } from '@/lib/server/http/parse-body';
import { withAuth } from '@/lib/server/http/with-auth';
import { previewRollback } from '@/lib/server/rollback/preview-rollback';
import { RollbackPreviewQuerySchema } from '@/lib/shared/contracts/rollback';

// GET /api/migration/rollback/preview[?tenant=] — what a rollback would undo, and the rows it would lose (reads only) (level 1)
export const GET = withAuth(async ({ db, req }) => previewRollback(db, parseQuery(req, RollbackPreviewQuerySchema).tenant), { level: 1 });
