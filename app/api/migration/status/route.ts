import { withAuth } from '@/lib/server/http/with-auth';
import { migrationSource } from '@/lib/server/migration/migration-source';
import { getMigrationStatus } from '@/lib/server/migration/runs/get-status';

// GET /api/migration/status — { mode, activeRun, lastRun, legacy, new } (level 3: the stakeholder status page reads it)
export const GET = withAuth(async ({ db }) => getMigrationStatus(db, migrationSource()), { level: 3 });
