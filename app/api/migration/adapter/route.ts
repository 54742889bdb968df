import { getSystemStats } from '@/lib/server/adapter/get-system-stats';
import { withAuth } from '@/lib/server/http/with-auth';
import { migrationSource } from '@/lib/server/migration/migration-source';

// GET /api/migration/adapter — the query adapter's mode, reads, fallbacks, shadow mismatches, latency and promotion gate (level 2)
export const GET = withAuth(async ({ db }) => getSystemStats(db, migrationSource()), { level: 2 });
