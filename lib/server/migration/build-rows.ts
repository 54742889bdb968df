import { ConversionError, convertValue } from '../mapping/convert-value';
import type { CollectionTarget } from '../mapping/resolve-targets';
import type { LiveDocument } from '../legacy/types';
import { serializeNedb } from '../legacy/nedb-serialize';
import { numericOverflow, safeExcerpt, unstorableChar, unstorableEscape } from '../legacy/safe-text';
import { copyRow, storedJson } from './copy-text';
import { documentUuid } from '../mapping/ids';

/** Column lists of the COPY into each kind of table, in the order `buildRow` writes them. */
export function copyColumns(target: CollectionTarget): string[] {
  if (target.kind === 'admin_documents') return ['id', 'collection', 'legacy_id', 'data', 'run_id', 'created_at', 'updated_at'];
  if (target.kind === 'app_documents') return ['tenant_id', 'id', 'collection', 'legacy_id', 'data', 'run_id', 'created_at', 'updated_at'];
  return ['tenant_id', 'id', 'legacy_id', 'extra', ...Object.keys(target.columns)];
}

/**
 * A row ready for COPY, or why the document cannot be one: `conversion` (a typed mapping cannot convert
 * a value) or `unstorable` (a value PostgreSQL would refuse or alter: NUL, a lone surrogate, a number
 * beyond `numeric`). Both are quarantined with the reason.
 * `copy` is the COPY text line, or — for a row holding a value over `BIG_VALUE_CHARS` — its fields,
 * which BatchBuffer.push encodes straight into the batch so the value is never copied into a row string.
 */
export type BuiltRow = { ok: true; copy: string | (string | null)[] } | { ok: false; reason: string; kind?: 'conversion' | 'unstorable' };

export type BuildRowOptions = {
  /**
   * Also refuse numbers beyond PostgreSQL's `numeric` range in a stored text (a character scan of every
   * text holding an exponent). The Plan asks for it to predict the quarantine exactly; the loader leaves
   * those rare rows to the database, which refuses them into the quarantine with the same outcome.
   */
  checkNumbers?: boolean;
  /** Only say whether the row can be built (document tables: no ids, times or COPY text are made; `copy` is empty). */
  checkOnly?: boolean;
};

/** A value this long (characters) is not copied into one COPY row string (see BuiltRow). */
export const BIG_VALUE_CHARS = 1 << 20;

/** An ISO timestamp from a Date, or from an unrevived `{"$$date": ms}` of a plain document; else `fallback`. */
function timestampOr(value: unknown, fallback: string): string {
  const raw = (value as { $$date?: unknown } | null)?.$$date;
  const date = value instanceof Date ? value : typeof raw === 'number' || typeof raw === 'string' ? new Date(raw) : null;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : fallback;
}

/**
 * One COPY line for a live document. Document tables keep the whole document as NeDB stored it; typed
 * tables get converted columns plus every unmapped field in `extra` (never dropped). A value that cannot
 * be converted, or that PostgreSQL cannot store exactly, makes the row `ok: false` with the reason, for
 * the quarantine. `runTime` stands in for missing createdAt/updatedAt, so a resumed run writes the same rows.
 */
export function buildRow(target: CollectionTarget, doc: LiveDocument, tenantId: string | null, runId: string, runTime: string, options: BuildRowOptions = {}): BuiltRow {
  const unstorableId = unstorableChar(doc.id);
  if (unstorableId) return unstorable(`_id holds ${unstorableId}`);
  const data = doc.doc;
  if (target.kind !== 'typed') {
    const json = storedJson(data, doc.text);
    const refused = unstorableEscape(json) ?? (options.checkNumbers && json === doc.text ? numericOverflow(json) : undefined);
    if (refused) return unstorable(`the document holds ${refused}`);
    if (options.checkOnly) return { ok: true, copy: '' };
    const id = documentUuid(target.collection, doc.id);
    const created = timestampOr(data.createdAt, runTime);
    const updated = timestampOr(data.updatedAt, created);
    const values = target.kind === 'admin_documents'
      ? [id, target.collection, doc.id, json, runId, created, updated]
      : [tenantId, id, target.collection, doc.id, json, runId, created, updated];
    return { ok: true, copy: json.length > BIG_VALUE_CHARS ? values : copyRow(values) };
  }
  const id = documentUuid(target.collection, doc.id);
  let values: (string | null)[];
  try {
    const used = new Set<string>(['_id', target.tenantField ?? '']);
    const columns: (string | null)[] = [];
    for (const column of Object.values(target.columns)) {
      used.add(column.from);
      columns.push(convertValue(column, data[column.from]));
    }
    // fromEntries defines own properties, so a `__proto__` key stays data and never touches a prototype.
    const extra = Object.fromEntries(Object.entries(data).filter(([key]) => !used.has(key)));
    values = [tenantId, id, doc.id, serializeNedb(extra), ...columns];
  } catch (error) {
    if (error instanceof ConversionError) return { ok: false, reason: `conversion failed: ${error.message}`, kind: 'conversion' };
    throw error;
  }
  const types = Object.values(target.columns).map((column) => column.type);
  for (let i = 3; i < values.length; i += 1) {
    const value = values[i];
    if (value === null || value === undefined) continue;
    const isJson = i === 3 || types[i - 4] === 'jsonb';
    const refused = isJson ? unstorableEscape(value) : unstorableChar(value);
    if (refused) return unstorable(`${i === 3 ? 'the fields kept in extra hold' : `column ${Object.keys(target.columns)[i - 4]} would hold`} ${refused}`);
  }
  return { ok: true, copy: values.some((value) => value !== null && value.length > BIG_VALUE_CHARS) ? values : copyRow(values) };
}

function unstorable(reason: string): BuiltRow {
  return { ok: false, reason: `cannot be stored: ${reason}`, kind: 'unstorable' };
}

/** The legacy tenant key of a document, or null when it has none usable. */
export function tenantKeyOf(doc: Record<string, unknown>, field: string): string | null {
  const value = Object.hasOwn(doc, field) ? doc[field] : undefined;
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/**
 * What a document's tenant field holds when `tenantKeyOf` finds no key: said in the quarantine reason
 * ("missing", "an object {…}", "an array […]", "an empty string", "null", "a boolean (true)"…).
 */
export function describeMissingTenant(doc: Record<string, unknown>, field: string): string {
  if (!Object.hasOwn(doc, field)) return 'missing';
  const value = doc[field];
  if (value === null) return 'null';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'blank (only white space)';
  if (typeof value === 'number') return `a number that is not finite (${value})`;
  if (typeof value === 'boolean') return `a boolean (${value}), not a tenant key`;
  if (value instanceof Date) return 'a date, not a tenant key';
  if (Array.isArray(value)) return `an array (${preview(value)}), not a tenant key`;
  if (typeof value === 'object') return `an object (${preview(value)}), not a tenant key`;
  return `a ${typeof value}, not a tenant key`;
}

/** A short JSON view of a value for a reason (never huge, safe to store). */
function preview(value: unknown): string {
  try {
    return safeExcerpt(JSON.stringify(value) ?? String(value), 60);
  } catch {
    return 'unprintable';
  }
}

/**
 * Why a tenant key cannot name a Nile tenant: a NUL (PostgreSQL refuses it in `tenants.name`) or a lone
 * surrogate (it would become U+FFFD, and two different keys one tenant). Undefined when it can.
 */
export function unstorableTenantKey(key: string): string | undefined {
  const refused = unstorableChar(key);
  return refused ? `cannot be stored: the tenant key holds ${refused}` : undefined;
}
