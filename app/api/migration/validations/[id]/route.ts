import { withAuth } from '@/lib/server/http/with-auth';
import { getValidation } from '@/lib/server/validation/get-validation';

// GET /api/migration/validations/<id> — one validation: progress, and its report once completed (level 2)
export const GET = withAuth<{ id: string }>(async ({ db, params }) => getValidation(db, params.id), { level: 2 });
