import { deserializeNedb } from '../legacy/nedb-deserialize';
import { serializeNedb } from '../legacy/nedb-serialize';

/**
 * PostgreSQL COPY text format: one row per line, tab between columns, `\N` for NULL, and backslash,
 * newline, carriage return and tab escaped. Text format is ~30% cheaper for the server than CSV
 * (performance.md).
 */
const SPECIAL = /[\\\n\r\t]/g;
const REPLACEMENTS: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return SPECIAL.test(value) ? value.replace(SPECIAL, (c) => REPLACEMENTS[c] as string) : value;
}

export function copyRow(values: (string | null)[]): string {
  let line = '';
  for (let i = 0; i < values.length; i += 1) line += (i === 0 ? '' : '\t') + copyField(values[i] as string | null);
  return `${line}\n`;
}

/** The largest time a Date holds (ECMAScript TimeClip); NeDB's `new Date(ms)` beyond it is invalid. */
const MAX_TIME = 8.64e15;

/**
 * True when every `"$$date"` in a JSON text is a lone `{"$$date":<integer within a Date's range>}`
 * (how NeDB serializes a valid Date: `getTime()` is an integer, never written with a fraction or an
 * exponent). NeDB would replace an object holding `$$date` and other keys by the date alone, turn a
 * string or an out-of-range number into an Invalid Date (serialized back as `null`) and `1.5` into 1,
 * so such a text is not what NeDB loads. A character scan: this runs for every migrated document.
 */
function hasOnlyCanonicalDates(text: string): boolean {
  const key = '"$$date":';
  let at = text.indexOf(key);
  while (at !== -1) {
    if (text.charCodeAt(at - 1) !== 123 /* { */) return false;
    let i = at + key.length;
    if (text.charCodeAt(i) === 45 /* - */) i += 1;
    const digitsStart = i;
    for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i));
    if (i === digitsStart || text.charCodeAt(i) !== 125 /* } */) return false;
    if (i - digitsStart > 15 && !(Math.abs(Number(text.slice(at + key.length, i))) <= MAX_TIME)) return false;
    at = text.indexOf(key, i);
  }
  return true;
}

/**
 * The stored JSON of a document: the record's own text when it is exactly NeDB's serialization of what
 * NeDB loads, else NeDB's serialization of the loaded document (an Invalid Date becomes
 * `{"$$date":null}`, as NeDB itself writes it back).
 */
export function storedJson(doc: Record<string, unknown>, text: string | undefined): string {
  if (text === undefined) return serializeNedb(doc);
  // Re-deserialized from the text: `doc` may be a plain parse whose dates NeDB would have revived.
  return hasOnlyCanonicalDates(text) ? text : serializeNedb(deserializeNedb(text));
}
