import { BCRYPT_ALPHABET, EPOCH_END, EPOCH_START, FIRST_NAMES, LAST_NAMES, PERMISSION_ACTIONS, PERMISSION_RESOURCES, ROLE_NAMES, type DemoDoc, type DemoOperation } from './demo-catalog';
import type { SeededRandom } from './seeded-random';

/**
 * The admin side of the demo store (seed 004's admin database): permission atoms, roles built from
 * them, admin users with bcrypt-looking hashes and levels 1–3, and a permission audit trail, followed
 * by a round of updates and removes. The first admin is always an active Level-1 admin, so the Plan's
 * "no active Level-1 admin" blocker stays quiet on demo data.
 * @returns the operations in write order, and the admin ids the audit trail refers to.
 */
export function buildAdminRecords(random: SeededRandom, scale: number): { operations: DemoOperation[]; adminIds: string[] } {
  const atoms: DemoDoc[] = PERMISSION_RESOURCES.flatMap((resource) =>
    PERMISSION_ACTIONS.map((action) => ({
      _id: random.id(),
      key: `${resource}.${action}`,
      resource,
      action,
      description: `${action === 'read' ? 'View' : action === 'write' ? 'Create and edit' : 'Delete'} ${resource}`,
      createdAt: random.date(EPOCH_START, EPOCH_START + 86_400_000),
    })),
  );
  const roles: DemoDoc[] = ROLE_NAMES.map((name, index) => ({
    _id: random.id(),
    name,
    description: `${name} role`,
    permissionAtomIds: index === 0 ? atoms.map((atom) => atom._id) : random.sample(atoms, random.int(3, 10)).map((atom) => atom._id),
    isSystem: index === 0,
    createdAt: random.date(EPOCH_START, EPOCH_START + 7 * 86_400_000),
  }));
  const adminCount = Math.max(4, Math.round(8 * scale));
  const admins: DemoDoc[] = Array.from({ length: adminCount }, (_, index) => {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    return {
      _id: random.id(),
      email: `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '') + `${index}@penguinmails.test`,
      name: `${first} ${last}`,
      passwordHash: `$2b$10$${random.chars(BCRYPT_ALPHABET, 53)}`,
      level: index === 0 ? 1 : random.pick([1, 2, 2, 3, 3, 3]),
      status: index === 0 ? 'active' : random.pick(['active', 'active', 'active', 'disabled']),
      roleIds: [index === 0 ? (roles[0] as DemoDoc)._id : random.pick(roles)._id],
      mfaEnabled: random.chance(0.6),
      lastLoginAt: random.date(EPOCH_END - 60 * 86_400_000, EPOCH_END),
      createdAt: random.date(EPOCH_START, EPOCH_END - 90 * 86_400_000),
    };
  });
  const auditActions = ['role.assigned', 'role.revoked', 'permission.granted', 'permission.revoked', 'admin.login', 'tenant.suspended'];
  const audits: DemoDoc[] = Array.from({ length: Math.round(120 * scale) }, () => {
    const action = random.pick(auditActions);
    return {
      _id: random.id(),
      actorId: random.pick(admins)._id,
      action,
      targetType: action.startsWith('role') ? 'admin-user' : action.startsWith('permission') ? 'admin-role' : 'tenant',
      targetId: action.startsWith('role') ? random.pick(admins)._id : random.pick(roles)._id,
      details: { reason: random.pick(['onboarding', 'offboarding', 'incident #4411', 'quarterly review', null]), via: 'console' },
      ip: `10.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`,
      at: random.date(EPOCH_START, EPOCH_END),
    };
  });

  const operations: DemoOperation[] = [
    { op: 'insert', collection: 'permission-atoms', docs: atoms },
    { op: 'insert', collection: 'admin-roles', docs: roles },
    { op: 'insert', collection: 'admin-users', docs: admins },
    { op: 'insert', collection: 'permission-audit-logs', docs: audits },
  ];
  // History: logins update admins, one role gains an atom, one disabled admin and one atom are removed.
  for (const admin of admins.slice(0, Math.ceil(admins.length / 2))) {
    operations.push({ op: 'update', collection: 'admin-users', id: admin._id, update: { $set: { lastLoginAt: random.date(EPOCH_END - 86_400_000 * 7, EPOCH_END) } } });
  }
  operations.push({ op: 'update', collection: 'admin-roles', id: (roles[1] as DemoDoc)._id, update: { $addToSet: { permissionAtomIds: (atoms[0] as DemoDoc)._id } } });
  const disabled = admins.find((admin) => admin.status === 'disabled' && admin !== admins[0]);
  if (disabled) operations.push({ op: 'remove', collection: 'admin-users', id: disabled._id });
  operations.push({ op: 'remove', collection: 'permission-atoms', id: (atoms[atoms.length - 1] as DemoDoc)._id });
  return { operations, adminIds: admins.map((admin) => admin._id) };
}
