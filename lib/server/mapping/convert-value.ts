import { isUuid } from '../../shared/uuid';
import { documentUuid } from './ids';
import { serializeNedb } from '../legacy/nedb-serialize';
import type { ColumnMapping } from './mapping-schema';

/** A value that cannot become its column: the document is quarantined with this reason. */
export class ConversionError extends Error {}

function describe(value: unknown): string {
  const text = value instanceof Date ? value.toISOString() : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function fail(column: ColumnMapping, value: unknown, expected: string): never {
  throw new ConversionError(`field "${column.from}" = ${describe(value)} is not ${expected}`);
}

function toTimestamp(column: ColumnMapping, value: unknown): string {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toISOString();
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  return fail(column, value, 'a date');
}

function toArrayLiteral(column: ColumnMapping, value: unknown): string {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return fail(column, value, 'an array of strings');
  return `{${value.map((v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/**
 * Converts one legacy value to the text PostgreSQL parses for the column's type (null for SQL NULL).
 * Lenient only where no information is lost (a numeric string into a number column); anything else
 * throws ConversionError naming the field and the value.
 */
export function convertValue(column: ColumnMapping, raw: unknown): string | null {
  if (raw === undefined || raw === null) {
    if (column.required) throw new ConversionError(`required field "${column.from}" is missing`);
    return null;
  }
  let value = raw;
  if (typeof value === 'string' && column.transform === 'lowercase') value = value.toLowerCase();
  if (typeof value === 'string' && (column.transform === 'trim' || column.transform === 'lowercase')) value = value.trim();
  switch (column.type) {
    case 'text':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return fail(column, value, 'text');
    case 'integer':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
      if (typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim())) return value.trim();
      return fail(column, value, 'an integer');
    case 'numeric':
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
      if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return value.trim();
      return fail(column, value, 'a number');
    case 'boolean':
      if (typeof value === 'boolean') return value ? 't' : 'f';
      if (value === 'true' || value === 'false') return value === 'true' ? 't' : 'f';
      return fail(column, value, 'true or false');
    case 'timestamptz':
      return toTimestamp(column, value);
    case 'uuid':
      if (isUuid(value)) return value.toLowerCase();
      return fail(column, value, 'a UUID');
    case 'jsonb':
      return serializeNedb(value);
    case 'text[]':
      return toArrayLiteral(column, value);
    case 'ref':
      if (typeof value === 'string' || typeof value === 'number') return documentUuid(column.collection as string, String(value));
      return fail(column, value, `a reference to ${column.collection}`);
  }
}
