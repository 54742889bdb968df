import { getSchemaOverview } from '@/lib/server/schema/schema-actions';
import { withAuth } from '@/lib/server/http/with-auth';

// GET /api/schema — applied and pending migrations, ledger problems, Nile lint and the lock holder (Level 2)
export const GET = withAuth(async ({ db }) => getSchemaOverview(db), { level: 2 });
