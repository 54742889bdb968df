/**
 * The canonical text of a document: exactly what PostgreSQL prints for the same value stored as `jsonb`
 * (`data::text`), so a checksum computed here over legacy documents equals one PostgreSQL computes over
 * the migrated rows, without sending a single document across.
 *
 * PostgreSQL's jsonb output (src/backend/utils/adt/jsonb.c, json.c `escape_json`, numeric.c):
 * - object keys ordered by byte length, then bytewise (UTF-8); a duplicated key keeps its last value
 *   (JSON.parse does the same); `{"a": 1, "b": [1, 2]}` — `", "` and `": "` separators, `{}` and `[]`;
 * - strings escaped as `escape_json` does: `\"`, `\\`, `\b \f \n \r \t`, other characters below U+0020
 *   as `\u00xx`, everything else raw — which is what `JSON.stringify` writes for every string a jsonb
 *   column can hold (jsonb refuses `\u0000` and lone surrogates, the only strings where they differ);
 * - numbers as `numeric` prints the literal: plain decimal, never an exponent, with as many fraction
 *   digits as the literal had after its exponent is applied (`1e21` → `1000000000000000000000`,
 *   `1e-7` → `0.0000001`, `-0` → `0`).
 * NeDB dates (`Date` objects, or `{"$$date": ms}` as stored) print as `{"$$date": ms}`, as NeDB stores them.
 */

const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

/** The string as jsonb prints it. */
export function canonicalString(value: string): string {
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/** A JS number as PostgreSQL's `numeric` prints the literal `JSON.stringify` writes for it. */
export function canonicalNumber(value: number): string {
  if (!Number.isFinite(value)) return 'null'; // JSON.stringify's output for NaN and ±Infinity
  if (Object.is(value, -0)) return '0';
  const text = String(value);
  return text.includes('e') ? expandExponent(text) : text;
}

/**
 * A JSON number literal (any form: `1E+2`, `-0.0`, `1.50`) as `numeric` prints it. The scale is the
 * count of fraction digits minus the exponent (never below 0); zero has no sign.
 */
export function numericText(literal: string): string {
  let text = literal;
  let negative = false;
  if (text.charCodeAt(0) === 45 /* - */) {
    negative = true;
    text = text.slice(1);
  }
  let exponent = 0;
  const e = text.search(/[eE]/);
  if (e !== -1) {
    exponent = Number(text.slice(e + 1));
    text = text.slice(0, e);
  }
  const dot = text.indexOf('.');
  const intPart = dot === -1 ? text : text.slice(0, dot);
  const fracPart = dot === -1 ? '' : text.slice(dot + 1);
  const scale = Math.max(0, fracPart.length - exponent);
  // All digits, with the decimal point `point` digits from the left once the exponent is applied.
  let digits = intPart + fracPart;
  let point = intPart.length + exponent;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  let whole = digits.slice(0, point).replace(/^0+/, '') || '0';
  let fraction = digits.slice(point);
  fraction = fraction.length >= scale ? fraction.slice(0, scale) : fraction + '0'.repeat(scale - fraction.length);
  const isZero = whole === '0' && !/[1-9]/.test(fraction);
  if (isZero) negative = false;
  if (whole === '') whole = '0';
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

function expandExponent(text: string): string {
  return numericText(text);
}

/** Canonical order of a set of keys: jsonb's (byte length, then bytes). */
export function canonicalKeyOrder(keys: readonly string[]): string[] {
  const isAscii = keys.every((k) => /^[\x00-\x7f]*$/.test(k));
  if (isAscii) return [...keys].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  const bytes = new Map(keys.map((k) => [k, Buffer.from(k, 'utf8')]));
  return [...keys].sort((a, b) => {
    const x = bytes.get(a) as Buffer;
    const y = bytes.get(b) as Buffer;
    return x.length - y.length || Buffer.compare(x, y);
  });
}

/** A shape's keys in canonical order, and each member's prefix (`"key": `, with its `, ` when not first). */
type Shape = { keys: string[]; prefixes: string[] };

/** Shapes by their keys joined in own order: the documents of a collection share a few shapes. */
const shapes = new Map<string, Shape>();
const MAX_SHAPES = 50_000;

function shapeOf(keys: string[]): Shape {
  const id = keys.length === 1 ? (keys[0] as string) : keys.join('\u0000');
  let shape = shapes.get(id);
  if (shape === undefined) {
    const ordered = keys.length === 1 ? keys : canonicalKeyOrder(keys);
    shape = { keys: ordered, prefixes: ordered.map((k, i) => `${i === 0 ? '' : ', '}${canonicalString(k)}: `) };
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shapes.set(id, shape);
  }
  return shape;
}

/**
 * The canonical text of a deserialized or plainly parsed NeDB value (see the module comment).
 * `undefined` members are skipped as JSON.stringify skips them.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return canonicalString(value);
    case 'number':
      return canonicalNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return 'null';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ', ') + canonicalJson(value[i]);
    return `${out}]`;
  }
  if (value instanceof Date) return `{"$$date": ${canonicalNumber(value.getTime())}}`;
  return canonicalObject(value as Record<string, unknown>);
}

function canonicalObject(record: Record<string, unknown>): string {
  const own = Object.keys(record);
  if (own.length === 0) return '{}';
  const { keys, prefixes } = shapeOf(own);
  let out = '{';
  let skipped = false;
  for (let i = 0; i < keys.length; i++) {
    const member = record[keys[i] as string];
    if (member === undefined) {
      skipped = true;
      continue;
    }
    out += prefixes[i] + canonicalJson(member);
  }
  if (skipped) return canonicalObject(Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)));
  return `${out}}`;
}
