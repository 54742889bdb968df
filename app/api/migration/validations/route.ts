import { ValidationListQuerySchema } from '@/lib/shared/contracts/validation';
import { parseQuery } from '@/lib/server/http/parse-body';
import { withAuth } from '@/lib/server/http/with-auth';
import { listValidations } from '@/lib/server/validation/list-validations';

// GET /api/migration/validations?runId=&limit= — validations, newest first, with progress and counts (level 2)
export const GET = withAuth(async ({ db, req }) => listValidations(db, parseQuery(req, ValidationListQuerySchema)), { level: 2 });
