import type { Db } from '../db/pool';
import { classifyPgError } from '../db/pg-errors';
import { withTenant } from '../db/with-tenant';
import type { ValidationResult } from '../../shared/contracts/validation';

const SAMPLED_TENANTS = 5;
/** Other tenants whose rows each sampled tenant must not see. */
const OTHERS = 4;

class Rollback extends Error {}

/** Every table of the target with a `tenant_id` column that the runtime role may read (Nile's tenant-aware tables). */
async function tenantTables(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
      WHERE c.relkind IN ('r', 'p') AND c.relpersistence = 'p'
        AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pgboss', 'nile_strict', 'ferry') AND n.nspname NOT LIKE 'pg_%'
        AND has_table_privilege(c.oid, 'SELECT')
      ORDER BY 1`);
  return rows.map((r) => r.name);
}

/**
 * Tenant isolation, tested as the application will run: as Ferry's runtime role (an ordinary role),
 * inside `withTenant`, for up to five of the run's tenants and every tenant table — no row of four other
 * tenants (the other sampled ones) is visible, and inserting a row for another tenant is refused (the insert is rolled back
 * whatever happens). Also reports whether the role is ordinary (no superuser, no BYPASSRLS) and owns no
 * tenant table (an owner could turn isolation off).
 */
export async function checkIsolation(db: Db, runId: string): Promise<ValidationResult[]> {
  const results: ValidationResult[] = [];
  const role = await db.query<{ name: string; superuser: boolean; bypass: boolean; owned: string[] }>(
    `SELECT r.rolname AS name, r.rolsuper AS superuser, r.rolbypassrls AS bypass,
            ARRAY(SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
                  WHERE c.relowner = r.oid AND c.relkind IN ('r', 'p') AND c.relpersistence = 'p') AS owned
       FROM pg_roles r WHERE r.rolname = current_user`);
  const me = role.rows[0];
  if (me && (me.superuser || me.bypass)) {
    results.push({ check: 'tenant_isolation', severity: 'critical', message: `Ferry's role ${me.name} is ${me.superuser ? 'a superuser' : 'allowed to bypass row-level security'}: tenant isolation does not apply to it. Connect the application as an ordinary role.` });
  }
  if (me && me.owned.length > 0) {
    results.push({ check: 'tenant_isolation', severity: 'critical', message: `Ferry's role ${me.name} owns tenant tables (${me.owned.slice(0, 10).join(', ')}): an owner can turn isolation off. Let another role own them.` });
  }
  const tables = await tenantTables(db);
  const sampled = (await db.query<{ id: string }>(
    `SELECT tenant_id AS id FROM ferry_checkpoints WHERE run_id = $1 GROUP BY tenant_id ORDER BY sum(rows) DESC, tenant_id LIMIT $2`, [runId, SAMPLED_TENANTS])).rows.map((r) => r.id);
  const more = (await db.query<{ id: string }>(`SELECT id FROM tenants WHERE id <> ALL($1::uuid[]) ORDER BY id LIMIT $2`, [sampled, OTHERS])).rows.map((r) => r.id);
  const leaks: string[] = [];
  const accepted: string[] = [];
  for (const tenant of sampled) {
    // Other tenants probed from this one: the other sampled tenants (the largest), else any. Each probe
    // reads one tenant's index entries, so the check costs little whatever the size of the tables.
    const others = [...sampled, ...more].filter((id) => id !== tenant).slice(0, OTHERS);
    if (others.length === 0) continue;
    await withTenant(db, tenant, async (client) => {
      for (const table of tables) {
        for (const other of others) {
          const seen = await client.query(`SELECT 1 FROM ${table} WHERE tenant_id = $1 LIMIT 1`, [other]);
          if (seen.rowCount) leaks.push(`${table} shows rows of tenant ${other} to tenant ${tenant}`);
        }
      }
    });
    for (const table of tables) {
      const refused = await withTenant(db, tenant, async (client) => {
        await client.query(`INSERT INTO ${table} (tenant_id) VALUES ($1)`, [others[0]]);
        throw new Rollback('the insert went through');
      }).then(() => false, (error: unknown) => {
        if (error instanceof Rollback) return false;
        const { kind } = classifyPgError(error);
        if (kind === 'permission_denied' || kind === 'nile_refused') return true;
        if (kind === 'connection_lost' || kind === 'unavailable') throw error;
        return false; // refused for another reason (a constraint): isolation itself did not refuse it
      });
      if (!refused) accepted.push(`${table}: tenant ${tenant} could write a row for tenant ${others[0]}`);
    }
  }
  if (leaks.length > 0) results.push({ check: 'tenant_isolation', severity: 'critical', count: leaks.length, message: `Rows of other tenants are visible inside a tenant's context: ${leaks.slice(0, 10).join('; ')}.` });
  if (accepted.length > 0) results.push({ check: 'tenant_isolation', severity: 'critical', count: accepted.length, message: `Writing a row for another tenant was not refused by isolation: ${accepted.slice(0, 10).join('; ')} (rolled back).` });
  if (results.length === 0) {
    results.push({
      check: 'tenant_isolation', severity: 'info', count: sampled.length,
      message: sampled.length === 0
        ? `No tenant of this run to test isolation with; ${tables.length} tenant tables, role ${me?.name} is ordinary.`
        : `Isolation holds for ${sampled.length} sampled tenant(s) × ${tables.length} tenant tables as role ${me?.name} (ordinary, owns no tenant table): no row of another tenant visible, writes for another tenant refused.`,
    });
  }
  return results;
}
