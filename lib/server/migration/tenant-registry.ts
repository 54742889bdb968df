import type { Db } from '../db/pool';
import { tenantUuid } from '../mapping/ids';

export type TenantRegistry = {
  /** The tenant id of a key when its tenant is known to exist (no I/O, no hashing after the first time). */
  known(key: string): string | undefined;
  /** Creates the tenant if needed; returns its id. */
  ensure(key: string): Promise<string>;
};

/**
 * Creates Nile tenants for legacy tenant keys on first sight (deterministic ids, so re-runs and other
 * workers agree), each insert in its own shared-table transaction as Nile requires. Tenants that exist
 * are read once up front, and key → id is memoised, so the per-document path is a map lookup. Names
 * come from `names` when the mapping says where to find them, else the key itself.
 */
export async function createTenantRegistry(db: Db, names: ReadonlyMap<string, string> = new Map()): Promise<TenantRegistry> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM tenants`);
  const existing = new Set(rows.map((r) => r.id));
  const ids = new Map<string, string>();
  return {
    known: (key) => ids.get(key),
    async ensure(key) {
      const id = tenantUuid(key);
      if (!existing.has(id)) {
        await db.query(`INSERT INTO tenants (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [id, names.get(key) ?? key]);
        existing.add(id);
      }
      ids.set(key, id);
      return id;
    },
  };
}
