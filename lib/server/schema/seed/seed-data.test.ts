import { describe, expect, it } from 'vitest';
import { isUuid } from '../../../shared/uuid';
import { TENANT_TABLES } from '../schema-migrations';
import { buildSeedData } from './seed-data';
import { SEED_NAMESPACE, seedId } from './seed-ids';

describe('the development seed data', () => {
  const data = buildSeedData();

  it('is deterministic: two builds are identical, ids derive from the fixed namespace', () => {
    expect(buildSeedData()).toEqual(data);
    expect(seedId('tenant', 'arctic')).toBe(data.tenants[0]?.tenant.id);
    expect(isUuid(SEED_NAMESPACE)).toBe(true);
  });

  it('covers all 13 entities over several tenants, with one user in two tenants', () => {
    expect(data.tenants.length).toBeGreaterThanOrEqual(3);
    expect(data.users.length).toBeGreaterThan(data.tenants.length);
    for (const tenant of data.tenants) {
      expect(tenant.tenantUsers.length).toBeGreaterThan(0);
      for (const table of TENANT_TABLES) expect(tenant.rows[table].length, `${tenant.key}.${table}`).toBeGreaterThan(0);
    }
    const memberships = data.tenants.flatMap((t) => t.tenantUsers.map((m) => m.user_id));
    expect(memberships.length).toBeGreaterThan(new Set(memberships).size);
  });

  it('has unique ids, rows only for their own tenant, and references that resolve inside the tenant', () => {
    const all = data.tenants.flatMap((t) => TENANT_TABLES.flatMap((table) => t.rows[table].map((r) => ({ table, row: r, tenant: t.tenant.id }))));
    expect(new Set(all.map((a) => `${a.table}:${a.row.id}`)).size).toBe(all.length);
    for (const { row, tenant } of all) expect(row.tenant_id).toBe(tenant);
    const refs: Array<[string, string]> = [['company_id', 'companies'], ['domain_id', 'domains'], ['email_service_id', 'email_services'], ['email_account_id', 'email_accounts'], ['lead_id', 'leads'], ['template_id', 'templates'], ['campaign_id', 'campaigns']];
    for (const tenant of data.tenants) {
      for (const table of TENANT_TABLES) {
        for (const row of tenant.rows[table]) {
          for (const [column, target] of refs) {
            const value = row[column];
            if (value !== undefined && value !== null) {
              expect(tenant.rows[target as (typeof TENANT_TABLES)[number]].some((r) => r.id === value), `${table}.${column}`).toBe(true);
            }
          }
        }
      }
    }
  });

  it('uses addresses the schema’s checks accept', () => {
    const emailShape = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
    for (const tenant of data.tenants) {
      for (const row of [...tenant.rows.leads, ...tenant.rows.email_accounts]) {
        expect(String(row.email)).toMatch(emailShape);
        expect(row.email).toBe(String(row.email).toLowerCase());
      }
    }
    expect(new Set(data.users.map((u) => u.email)).size).toBe(data.users.length);
  });
});
