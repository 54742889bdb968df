import { v5 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { documentUuid, FERRY_NAMESPACE, tenantUuid, uuidV5 } from './ids';

describe('deterministic ids', () => {
  it('match the uuid package’s v5 for the same namespace and name', () => {
    for (const name of ['', 'a', 'tenant\u0000org_acme', '日本語 🚀', 'x'.repeat(1000)]) expect(uuidV5(name)).toBe(v5(name, FERRY_NAMESPACE));
  });
  it('are stable, distinct per collection, and never collide between tenants and documents', () => {
    expect(documentUuid('leads', '1')).toBe(documentUuid('leads', '1'));
    expect(documentUuid('leads', '1')).not.toBe(documentUuid('campaigns', '1'));
    expect(tenantUuid('leads')).not.toBe(documentUuid('leads', ''));
    expect(tenantUuid('org_acme')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
