import type { Db } from '../db/pool';
import { tenantUuid } from './ids';

/**
 * Creates Nile tenants for legacy tenant keys on first sight (deterministic ids, so re-runs and other
 * workers agree), each insert in its own shared-table transaction as Nile requires. Tenants that exist
 * are read once up front, so a collection's load does not pay a commit per tenant. Names come from
 * `names` when the mapping says where to find them, else the key itself.
 */
export async function createTenantRegistry(db: Db, names: ReadonlyMap<string, string> = new Map()) {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM tenants`);
  const known = new Set(rows.map((r) => r.id));
  return async function ensureTenant(key: string): Promise<string> {
    const id = tenantUuid(key);
    if (known.has(id)) return id;
    await db.query(`INSERT INTO tenants (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [id, names.get(key) ?? key]);
    known.add(id);
    return id;
  };
}
