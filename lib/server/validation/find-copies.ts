import type { Db } from '../db/pool';
import { quoteIdent } from '../db/sql';
import type { CollectionTarget } from '../mapping/resolve-targets';
import type { TargetRow } from './target-cells';
import type { TenantIndex } from './tenant-index';

/** Extra rows looked up by id at most (a drill-down with more extras reports the rest as extra). */
const LOOKUP_LIMIT = 1000;

/**
 * For target rows no legacy document of their tenant explains: the tenants holding a row with the same
 * legacy id in the same collection. A row whose id also lives under another tenant (where the legacy
 * document is, since that cell matched) is a stray copy in the wrong tenant, not an unknown document.
 */
export async function findCopies(db: Db, target: CollectionTarget, tenants: TenantIndex, rows: TargetRow[]): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  if (rows.length === 0 || target.kind === 'admin_documents') return out;
  const ids = [...new Set(rows.map((r) => r.legacyId))].slice(0, LOOKUP_LIMIT);
  const typed = target.kind === 'typed';
  const { rows: found } = await db.query<{ legacy_id: string; tenant_id: string }>(
    `SELECT legacy_id, tenant_id FROM ${quoteIdent(target.table)} WHERE legacy_id = ANY($1::text[])${typed ? '' : ' AND collection = $2'}`,
    typed ? [ids] : [ids, target.collection],
  );
  for (const row of found) out.set(row.legacy_id, [...(out.get(row.legacy_id) ?? []), tenants.ofUuid(row.tenant_id)]);
  return out;
}
