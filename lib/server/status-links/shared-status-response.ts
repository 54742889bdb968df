import type { Db } from '../db/pool';
import { errorResponse, json } from '../http/responses';
import { getLogger } from '../log/logger';
import { AppError } from '../../shared/errors';
import { getPublicStatus } from './get-public-status';
import { isValidStatusToken } from './resolve-status-link';

/** The header a share page sends its token in (never the URL of an API call, which proxies log). */
export const STATUS_TOKEN_HEADER = 'x-status-token';

/**
 * `GET /api/status/shared`: the public stakeholder status for a valid share token, else `404` (an
 * unknown and a revoked token look the same). No session needed; as cheap as `/api/health` (one indexed
 * lookup plus the shared reading).
 */
export async function sharedStatusResponse(db: () => Db, token: string | null): Promise<Response> {
  try {
    const pool = db();
    if (!(await isValidStatusToken(pool, token))) throw new AppError('not_found', 'This status link does not exist or was revoked.');
    return json(await getPublicStatus(pool));
  } catch (error) {
    return errorResponse(error, getLogger().child({ path: '/api/status/shared' }));
  }
}
