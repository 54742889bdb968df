import { describe, expect, it } from 'vitest';
import { adminUserCollections, referencesOf, resolveValidationConfig } from './validation-config';

const demo = new Set(['admin-users', 'admin-roles', 'permission-atoms', 'tenants', 'users', 'team-members', 'companies', 'leads', 'campaigns', 'email-accounts', 'inbox-messages', 'templates']);

describe('validation settings', () => {
  it('defaults: admin users by name, password-like fields', () => {
    const config = resolveValidationConfig(undefined);
    expect(adminUserCollections(config, ['admin-users', 'tenant-admin-users', 'users', 'admin-users-archive'])).toEqual(['admin-users', 'tenant-admin-users']);
    expect([...config.passwordFields]).toEqual(['password', 'passwordHash', 'password_hash', 'hash', 'pwd', 'passwd']);
    expect(config.adminUsers).toMatchObject({ levelField: 'level', levelOne: '1' });
  });

  it('infers references from <name>Id(s) fields to existing collections (plural, kebab case, shared prefix), never from the tenant field', () => {
    const config = resolveValidationConfig(undefined);
    const refs = (collection: string, fields: string[]) => referencesOf(config, collection, new Set(fields), demo, 'tenantId').map((r) => `${r.field}→${r.target}`);
    expect(refs('team-members', ['_id', 'tenantId', 'userId', 'invitedBy'])).toEqual(['userId→users']);
    expect(refs('leads', ['companyId'])).toEqual(['companyId→companies']);
    expect(refs('campaigns', ['templateId', 'emailAccountIds', 'createdBy'])).toEqual(['templateId→templates', 'emailAccountIds→email-accounts']);
    expect(refs('admin-users', ['roleIds'])).toEqual(['roleIds→admin-roles']);
    expect(refs('admin-roles', ['permissionAtomIds'])).toEqual(['permissionAtomIds→permission-atoms']);
    expect(refs('inbox-messages', ['ownerId', 'actorId'])).toEqual([]);
  });

  it('takes declared references and settings from the mapping file, and can turn inference off', () => {
    const config = resolveValidationConfig({ references: { 'bookings.userId': 'users' }, inferReferences: false, adminUsers: { collections: ['staff'], levelOne: 'admin' }, passwordFields: ['secret'] });
    expect(referencesOf(config, 'bookings', new Set(['userId', 'companyId']), demo, null)).toEqual([{ collection: 'bookings', field: 'userId', target: 'users', declared: true }]);
    expect(adminUserCollections(config, ['staff', 'admin-users'])).toEqual(['staff']);
    expect(config.adminUsers.levelOne).toBe('admin');
    expect([...config.passwordFields]).toEqual(['secret']);
  });
});
