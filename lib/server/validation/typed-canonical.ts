import { quoteIdent } from '../db/sql';
import { ConversionError, convertValue } from '../mapping/convert-value';
import type { CollectionTarget } from '../mapping/resolve-targets';
import { canonicalJson, numericText } from './canonical-json';

/**
 * The content of a typed-table row, as one JSON array both sides can print: `[extra, column 1, …]`, each
 * column as the text the loader wrote (convert-value.ts) in a form PostgreSQL prints back identically:
 * timestamps as UTC ISO with milliseconds, numbers as `numeric` prints them, booleans `t`/`f`, uuids and
 * references as lower-case uuids, `jsonb` and `text[]` as JSON. `legacy_id` and `tenant_id` are the
 * row's cell, not part of its content.
 */
export type TypedExpected = { ok: true; text: string; values: unknown[] } | { ok: false; reason: string };

/** Field names of the legacy document that the columns and the key fields use (the rest goes to `extra`). */
function usedFields(target: CollectionTarget): Set<string> {
  return new Set(['_id', target.tenantField ?? '', ...Object.values(target.columns).map((c) => c.from)]);
}

/** The expected content of the row the loader writes for `doc` (revived: Dates as Date objects). */
export function typedExpected(target: CollectionTarget, doc: Record<string, unknown>): TypedExpected {
  const used = usedFields(target);
  const values: unknown[] = [Object.fromEntries(Object.entries(doc).filter(([key]) => !used.has(key)))];
  try {
    for (const column of Object.values(target.columns)) {
      const raw = Object.hasOwn(doc, column.from) ? doc[column.from] : undefined;
      const text = convertValue(column, raw);
      if (text === null) values.push(null);
      else if (column.type === 'integer') values.push(String(Number(text)));
      else if (column.type === 'numeric') values.push(numericText(text));
      else if (column.type === 'jsonb' || column.type === 'text[]') values.push(typeof raw === 'string' ? transformed(raw, column.transform) : raw);
      else values.push(text);
    }
  } catch (error) {
    if (error instanceof ConversionError) return { ok: false, reason: error.message };
    throw error;
  }
  return { ok: true, text: canonicalJson(values), values };
}

/** Names of the parts of `typedExpected`'s array, for a drill-down that says which differ. */
export function typedPartNames(target: CollectionTarget): string[] {
  return ['extra', ...Object.entries(target.columns).map(([name, c]) => `${name} (${c.from})`)];
}

/** A string as convert-value.ts transforms it before converting. */
function transformed(value: string, transform: 'lowercase' | 'trim' | undefined): string {
  if (transform === 'lowercase') return value.toLowerCase().trim();
  return transform === 'trim' ? value.trim() : value;
}

/** The same array computed in SQL over a row of the target table aliased `alias`. */
export function typedRowSql(target: CollectionTarget, alias: string): string {
  const parts = [`${alias}.extra`];
  for (const [name, column] of Object.entries(target.columns)) {
    const c = `${alias}.${quoteIdent(name)}`;
    switch (column.type) {
      case 'timestamptz':
        parts.push(`to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
        break;
      case 'boolean':
        parts.push(`CASE WHEN ${c} THEN 't' WHEN NOT ${c} THEN 'f' END`);
        break;
      case 'jsonb':
        parts.push(c);
        break;
      case 'text[]':
        parts.push(`to_jsonb(${c})`);
        break;
      default:
        parts.push(`${c}::text`);
    }
  }
  return `jsonb_build_array(${parts.join(', ')})::text`;
}
