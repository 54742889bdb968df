import type { ValidationMapping } from '../mapping/mapping-schema';

/** The mapping file's `validation` block with every default filled in. */
export type ValidationConfig = {
  adminUsers: {
    /** Explicit collections, or null: every collection named `admin-users` / `…-admin-users`. */
    collections: string[] | null;
    levelField: string;
    levelOne: string;
    disabledFields: string[];
    activeFields: string[];
    statusField: string;
    inactiveStatuses: string[];
  };
  passwordFields: Set<string>;
  /** Declared references: `collection.field` → referenced collection. */
  references: Map<string, string>;
  inferReferences: boolean;
};

export const DEFAULT_PASSWORD_FIELDS = ['password', 'passwordHash', 'password_hash', 'hash', 'pwd', 'passwd'];
const ADMIN_USERS = /(^|-)admin-users$/;

/** Resolves the `validation` block of a mapping file (absent: every default). */
export function resolveValidationConfig(block: ValidationMapping | undefined): ValidationConfig {
  const admin = block?.adminUsers;
  return {
    adminUsers: {
      collections: admin?.collections ?? null,
      levelField: admin?.levelField ?? 'level',
      levelOne: String(admin?.levelOne ?? 1),
      disabledFields: admin?.disabledFields ?? ['disabled'],
      activeFields: admin?.activeFields ?? ['active', 'isActive'],
      statusField: admin?.statusField ?? 'status',
      inactiveStatuses: (admin?.inactiveStatuses ?? ['disabled', 'inactive', 'suspended', 'deleted', 'banned', 'blocked', 'locked']).map((s) => s.toLowerCase()),
    },
    passwordFields: new Set(block?.passwordFields ?? DEFAULT_PASSWORD_FIELDS),
    references: new Map(Object.entries(block?.references ?? {})),
    inferReferences: block?.inferReferences ?? true,
  };
}

/** The admin-user collections among `collections`. */
export function adminUserCollections(config: ValidationConfig, collections: readonly string[]): string[] {
  const explicit = config.adminUsers.collections;
  return explicit ? collections.filter((c) => explicit.includes(c)) : collections.filter((c) => ADMIN_USERS.test(c));
}

/** `emailAccount` → `email-account`; `email_account` → `email-account`. */
function kebab(name: string): string {
  return name.replace(/_/g, '-').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** Plural forms to try for a referenced name: `user` → users, `company` → companies, `address` → addresses, and the name itself. */
function plurals(name: string): string[] {
  const forms = [`${name}s`, `${name}es`, name];
  if (/[^aeiou]y$/.test(name)) forms.unshift(`${name.slice(0, -1)}ies`);
  return forms;
}

export type Reference = { collection: string; field: string; target: string; declared: boolean };

/**
 * References of one collection: declared ones, plus — unless turned off — fields named `<name>Id` or
 * `<name>Ids` (also `<name>_id`) whose name matches an existing collection: `<name>s`, `<name>es`,
 * `<name>` (`company` → `companies`), as written or in kebab case, and with the referencing
 * collection's prefix (`admin-roles.permissionAtomIds` → `permission-atoms`, `admin-users.roleIds` →
 * `admin-roles`). A field the collection's documents do not have is not inferred, nor the tenant field
 * (`tenantId` holds a tenant key, not the `_id` of a `tenants` document).
 */
export function referencesOf(config: ValidationConfig, collection: string, fields: ReadonlySet<string>, collections: ReadonlySet<string>, tenantField: string | null): Reference[] {
  const out: Reference[] = [];
  for (const [path, target] of config.references) {
    const dot = path.lastIndexOf('.');
    if (path.slice(0, dot) === collection) out.push({ collection, field: path.slice(dot + 1), target, declared: true });
  }
  if (!config.inferReferences) return out;
  const declared = new Set(out.map((r) => r.field));
  const prefix = /^(.+?-)/.exec(collection)?.[1] ?? '';
  for (const field of fields) {
    if (declared.has(field) || field === '_id' || field === tenantField) continue;
    const match = /^(.+?)(?:Ids?|_ids?)$/.exec(field);
    if (!match) continue;
    const base = match[1] as string;
    const names = [...new Set([base, kebab(base)])];
    const candidates = names.flatMap(plurals).flatMap((n) => (prefix ? [n, `${prefix}${n}`] : [n]));
    const target = candidates.find((c) => collections.has(c));
    if (target) out.push({ collection, field, target, declared: false });
  }
  return out;
}
