import { ConversionError, convertValue } from '../mapping/convert-value';
import type { CollectionTarget } from '../mapping/resolve-targets';
import type { LiveDocument } from '../legacy/types';
import { serializeNedb } from '../legacy/nedb-serialize';
import { copyRow, storedJson } from './copy-text';
import { documentUuid } from '../mapping/ids';

/** Column lists of the COPY into each kind of table, in the order `buildRow` writes them. */
export function copyColumns(target: CollectionTarget): string[] {
  if (target.kind === 'admin_documents') return ['id', 'collection', 'legacy_id', 'data', 'run_id', 'created_at', 'updated_at'];
  if (target.kind === 'app_documents') return ['tenant_id', 'id', 'collection', 'legacy_id', 'data', 'run_id', 'created_at', 'updated_at'];
  return ['tenant_id', 'id', 'legacy_id', 'extra', ...Object.keys(target.columns)];
}

export type BuiltRow = { ok: true; copy: string } | { ok: false; reason: string };

/** An ISO timestamp from a Date, or from an unrevived `{"$$date": ms}` of a plain document; else `fallback`. */
function timestampOr(value: unknown, fallback: string): string {
  const raw = (value as { $$date?: unknown } | null)?.$$date;
  const date = value instanceof Date ? value : typeof raw === 'number' || typeof raw === 'string' ? new Date(raw) : null;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : fallback;
}

/**
 * One COPY line for a live document. Document tables keep the whole document as NeDB stored it; typed
 * tables get converted columns plus every unmapped field in `extra` (never dropped). A value that cannot
 * be converted makes the row `ok: false` with the reason, for the quarantine.
 * `runTime` stands in for missing createdAt/updatedAt, so a resumed run writes the same rows.
 */
export function buildRow(target: CollectionTarget, doc: LiveDocument, tenantId: string | null, runId: string, runTime: string): BuiltRow {
  const id = documentUuid(target.collection, doc.id);
  const data = doc.doc;
  if (target.kind !== 'typed') {
    const created = timestampOr(data.createdAt, runTime);
    const updated = timestampOr(data.updatedAt, created);
    const json = storedJson(data, doc.text);
    const values = target.kind === 'admin_documents'
      ? [id, target.collection, doc.id, json, runId, created, updated]
      : [tenantId, id, target.collection, doc.id, json, runId, created, updated];
    return { ok: true, copy: copyRow(values) };
  }
  try {
    const used = new Set<string>(['_id', target.tenantField ?? '']);
    const columns: (string | null)[] = [];
    for (const column of Object.values(target.columns)) {
      used.add(column.from);
      columns.push(convertValue(column, data[column.from]));
    }
    // fromEntries defines own properties, so a `__proto__` key stays data and never touches a prototype.
    const extra = Object.fromEntries(Object.entries(data).filter(([key]) => !used.has(key)));
    return { ok: true, copy: copyRow([tenantId, id, doc.id, serializeNedb(extra), ...columns]) };
  } catch (error) {
    if (error instanceof ConversionError) return { ok: false, reason: `conversion failed: ${error.message}` };
    throw error;
  }
}

/** The legacy tenant key of a document, or null when it has none usable. */
export function tenantKeyOf(doc: Record<string, unknown>, field: string): string | null {
  const value = Object.hasOwn(doc, field) ? doc[field] : undefined;
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}
