import type { Db } from '../db/pool';
import { quoteIdent } from '../db/sql';
import type { ValidationResult } from '../../shared/contracts/validation';
import type { RunCollection } from './check-collection';
import { adminUserCollections, type ValidationConfig } from './validation-config';

type AdminDoc = { legacyId: string; doc: Record<string, unknown> };

/** Reads the migrated documents of one collection back as legacy-shaped objects (typed columns under their legacy field names). */
async function migratedDocuments(db: Db, run: RunCollection): Promise<AdminDoc[]> {
  const { target } = run;
  if (target.kind !== 'typed') {
    const { rows } = await db.query<{ legacy_id: string; data: Record<string, unknown> }>(
      `SELECT legacy_id, data FROM ${quoteIdent(target.table)} WHERE collection = $1`, [target.collection]);
    return rows.map((r) => ({ legacyId: r.legacy_id, doc: r.data }));
  }
  const { rows } = await db.query<{ legacy_id: string; row: Record<string, unknown> }>(
    `SELECT legacy_id, to_jsonb(t) AS row FROM ${quoteIdent(target.table)} t WHERE legacy_id IS NOT NULL`);
  return rows.map((r) => {
    const doc: Record<string, unknown> = { ...((r.row.extra as Record<string, unknown>) ?? {}) };
    for (const [column, mapping] of Object.entries(target.columns)) doc[mapping.from] = r.row[column];
    return { legacyId: r.legacy_id, doc };
  });
}

/** Why an admin user is not active, by the configured fields; null when active. */
function inactiveReason(doc: Record<string, unknown>, config: ValidationConfig['adminUsers']): string | null {
  for (const field of config.disabledFields) if (doc[field] === true || doc[field] === 'true') return `${field} is true`;
  for (const field of config.activeFields) if (doc[field] === false || doc[field] === 'false') return `${field} is false`;
  const status = doc[config.statusField];
  if (typeof status === 'string' && config.inactiveStatuses.includes(status.toLowerCase())) return `${config.statusField} is "${status}"`;
  return null;
}

/**
 * Admin integrity: at least one active Level-1 admin among the migrated admin users (read from the
 * target, so what the new system will have). Field names come from the mapping's `validation.adminUsers`
 * block. No field but the level and the disabling fields is read into the report — never a password.
 */
export async function checkAdmins(db: Db, config: ValidationConfig, collections: RunCollection[]): Promise<ValidationResult[]> {
  const admin = config.adminUsers;
  const names = adminUserCollections(config, collections.map((c) => c.collection));
  if (names.length === 0) {
    return [{
      check: 'admin_integrity', severity: 'warning',
      message: 'No admin-user collection was found (named admin-users or …-admin-users), so admin integrity was not checked. Name it in the mapping file: validation.adminUsers.collections.',
    }];
  }
  let total = 0;
  let levelOne = 0;
  const active: string[] = [];
  const disabled: { id: string; collection: string; reason: string }[] = [];
  for (const name of names) {
    const run = collections.find((c) => c.collection === name) as RunCollection;
    for (const { legacyId, doc } of await migratedDocuments(db, run)) {
      total += 1;
      if (doc[admin.levelField] === undefined || String(doc[admin.levelField]) !== admin.levelOne) continue;
      levelOne += 1;
      const reason = inactiveReason(doc, admin);
      if (reason === null) active.push(legacyId);
      else disabled.push({ id: legacyId, collection: name, reason });
    }
  }
  const where = names.join(', ');
  if (active.length === 0) {
    return [{
      check: 'admin_integrity', severity: 'critical', collection: names.length === 1 ? names[0] : undefined, expected: '≥ 1', actual: 0,
      sample: disabled.slice(0, 20).map((d) => d.id),
      details: disabled.slice(0, 20).map((d) => ({ id: d.id, line: null, note: `Level-1 admin of ${d.collection}, not active: ${d.reason}` })),
      message: `No active Level-1 admin among the ${total} migrated admin users of ${where} (${levelOne} Level-1, all disabled): nobody could administer the new system.`,
    }];
  }
  return [{
    check: 'admin_integrity', severity: 'info', collection: names.length === 1 ? names[0] : undefined, count: active.length,
    message: `${active.length} active Level-1 admin(s) among ${total} migrated admin users of ${where} (${levelOne} Level-1 in all).`,
  }];
}
