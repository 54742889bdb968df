import { getDetailedHealth } from '@/lib/server/health/get-detailed-health';
import { withAuth } from '@/lib/server/http/with-auth';

// GET /api/health/detailed — target latency and version, pool, connections, workers, locks, legacy dir, disk, last run/snapshot/validation (level 2)
export const GET = withAuth(async ({ db }) => getDetailedHealth(db), { level: 2 });
