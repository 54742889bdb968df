import { withAuth } from '@/lib/server/http/with-auth';
import { getRollback } from '@/lib/server/rollback/list-rollbacks';

// GET /api/migration/rollbacks/<id> — one rollback and its progress (level 2)
export const GET = withAuth<{ id: string }>(async ({ db, params }) => getRollback(db, params.id), { level: 2 });
