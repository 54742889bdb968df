import { z } from 'zod';

const identifier = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier (letters, digits, _)');

export const COLUMN_TYPES = ['text', 'integer', 'numeric', 'boolean', 'timestamptz', 'uuid', 'jsonb', 'text[]', 'ref'] as const;

const ColumnSchema = z.strictObject({
  /** Top-level field of the legacy document (dots are literal characters, not paths). */
  from: z.string().min(1),
  type: z.enum(COLUMN_TYPES),
  /** A missing or null value quarantines the document instead of writing NULL. */
  required: z.boolean().optional(),
  transform: z.enum(['lowercase', 'trim']).optional(),
  /** For `ref`: the legacy collection whose document the value (a legacy `_id`) points at. */
  collection: z.string().min(1).optional(),
}).refine((c) => (c.type === 'ref') === (c.collection !== undefined), { message: '`collection` is required for type "ref" and only allowed there' });

const CollectionSchema = z.strictObject({
  category: z.enum(['admin', 'application']).optional(),
  /** Field holding the legacy tenant key for this collection (default: the file-wide `tenantField`). */
  tenantField: z.string().min(1).optional(),
  /** A typed target table in `public`; without it, documents go to `app_documents` / `admin_documents`. */
  table: identifier.optional(),
  columns: z.record(identifier, ColumnSchema).optional(),
}).refine((c) => (c.table === undefined) === (c.columns === undefined), { message: '`table` and `columns` go together' });

/**
 * How validation recognises admin users, passwords and references (every part optional; defaults in
 * lib/server/validation/validation-config.ts). References are `"<collection>.<field>": "<collection>"`,
 * e.g. `{ "bookings.userId": "users" }`; the field holds the referenced document's `_id` (or an array of them).
 */
const ValidationSchema = z.strictObject({
  adminUsers: z.strictObject({
    /** Collections of admin users (default: every collection named `admin-users` or `…-admin-users`). */
    collections: z.array(z.string().min(1)).optional(),
    levelField: z.string().min(1).optional(),
    /** The value of `levelField` that makes a Level-1 admin (default 1; compared as text, so "1" matches too). */
    levelOne: z.union([z.number(), z.string()]).optional(),
    /** Fields that disable an admin when true (default: disabled). */
    disabledFields: z.array(z.string().min(1)).optional(),
    /** Fields that disable an admin when false (default: active, isActive). */
    activeFields: z.array(z.string().min(1)).optional(),
    statusField: z.string().min(1).optional(),
    /** Values of `statusField` that disable an admin (default: disabled, inactive, suspended, deleted, banned, blocked, locked). */
    inactiveStatuses: z.array(z.string()).optional(),
  }).optional(),
  /** Top-level field names that hold passwords (default: password, passwordHash, password_hash, hash, pwd, passwd). */
  passwordFields: z.array(z.string().min(1)).optional(),
  references: z.record(z.string().regex(/^.+\.[^.]+$/, 'must be "<collection>.<field>"'), z.string().min(1)).optional(),
  /** Infer references from `<name>Id` / `<name>Ids` fields to an existing collection (default true). */
  inferReferences: z.boolean().optional(),
});

/**
 * The mapping file (`MAPPING_FILE`, JSON or TypeScript with a default export). Everything is optional:
 * an empty mapping is the zero-config default.
 */
export const MappingFileSchema = z.strictObject({
  adminCollections: z.strictObject({
    prefixes: z.array(z.string().min(1)).default(['admin-', 'permission-']),
    names: z.array(z.string().min(1)).default([]),
  }).default({ prefixes: ['admin-', 'permission-'], names: [] }),
  tenantField: z.string().min(1).default('tenantId'),
  /** What happens to application documents without a tenant key. */
  withoutTenant: z.union([z.literal('quarantine'), z.strictObject({ assignTo: z.string().min(1) })]).default('quarantine'),
  /** Where tenant names come from (else the tenant key is the name). */
  tenantNames: z.strictObject({ collection: z.string().min(1), keyField: z.string().min(1), nameField: z.string().min(1) }).optional(),
  collections: z.record(z.string().min(1), CollectionSchema).default({}),
  validation: ValidationSchema.optional(),
});

export type MappingFile = z.input<typeof MappingFileSchema>;
export type MappingConfig = z.output<typeof MappingFileSchema>;
export type ColumnMapping = z.output<typeof ColumnSchema>;
export type ValidationMapping = z.output<typeof ValidationSchema>;

/** The zero-config mapping. */
export const DEFAULT_MAPPING: MappingConfig = MappingFileSchema.parse({});
