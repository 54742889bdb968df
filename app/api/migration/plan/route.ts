import { withAuth } from '@/lib/server/http/with-auth';
import { buildPlan } from '@/lib/server/migration/plan/build-plan';
import { migrationSource } from '@/lib/server/migration/migration-source';

// GET /api/migration/plan — read-only analysis of the legacy store and where each collection goes (level 2)
export const GET = withAuth(async ({ db }) => (await buildPlan({ db, ...migrationSource() })).plan, { level: 2 });
