import { getHealthHistory } from '@/lib/server/health/get-health-history';
import { withAuth } from '@/lib/server/http/with-auth';

// GET /api/health/history — the health monitor's samples, active and past alerts, and the rules in force (level 2)
export const GET = withAuth(async ({ db }) => getHealthHistory(db), { level: 2 });
