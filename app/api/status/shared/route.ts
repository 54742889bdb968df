import type { NextRequest } from 'next/server';
import { getPool } from '@/lib/server/db/pool';
import { sharedStatusResponse, STATUS_TOKEN_HEADER } from '@/lib/server/status-links/shared-status-response';

export const dynamic = 'force-dynamic';

// GET /api/status/shared — public: the stakeholder status for the share token in the X-Status-Token header; 404 when unknown or revoked
export async function GET(req: NextRequest): Promise<Response> {
  return sharedStatusResponse(getPool, req.headers.get(STATUS_TOKEN_HEADER));
}
