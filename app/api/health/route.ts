import { getPool } from '@/lib/server/db/pool';
import { checkLiveness } from '@/lib/server/health/check-liveness';
import { json } from '@/lib/server/http/responses';

export const dynamic = 'force-dynamic';

// GET /api/health — public liveness: { ok, version, database: "up" | "down" }
export async function GET(): Promise<Response> {
  const health = await checkLiveness(getPool);
  return json(health, health.ok ? 200 : 503);
}
