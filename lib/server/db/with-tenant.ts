import type { PoolClient } from 'pg';
import { AppError } from '../../shared/errors';
import { isUuid } from '../../shared/uuid';
import type { Db } from './pool';
import { withTransaction } from './transaction';

/**
 * Validates a tenant id before it can reach SQL. Throws `bad_request` for anything but a canonical UUID.
 */
export function assertTenantId(tenantId: unknown): string {
  if (!isUuid(tenantId)) {
    throw new AppError('bad_request', 'Tenant id must be a UUID.', { details: { tenantId: String(tenantId).slice(0, 80) } });
  }
  return tenantId.toLowerCase();
}

/**
 * Runs `fn` in one transaction scoped to one tenant, the way Nile requires (nile.md): a checked-out
 * client, `BEGIN`, `SET LOCAL nile.tenant_id`, `COMMIT` or `ROLLBACK`, release. `SET LOCAL` ends with the
 * transaction, so the pooled connection goes back without context; the id is a validated UUID, never
 * raw input. Unlike the SDK's `withContext`, no process-wide state exists that overlapping calls share.
 * Nile allows one tenant per writing transaction: keep each tenant's writes in their own call.
 */
export async function withTenant<T>(db: Db, tenantId: string, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const id = assertTenantId(tenantId);
  return withTransaction(db, async (client) => {
    await client.query(`SET LOCAL nile.tenant_id = '${id}'`);
    return fn(client);
  });
}
