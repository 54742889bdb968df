/**
 * NeDB's document (de)serialisation rules, reproduced without calling the library.
 *
 * Source: `@seald-io/nedb` 4.x, `lib/model.js` (`deserialize`, `serialize`, `checkKey`).
 */

/** A deserialized legacy document: a plain object, keys exactly as stored (`__proto__` is an own key). */
export type LegacyDocument = Record<string, unknown>;

/**
 * Lines that need the `$$date` walk: a `$$date` key, or a `\u` escape that could spell one.
 * Every other line deserializes to exactly what plain `JSON.parse` returns.
 */
const NEEDS_REVIVE = /\$\$date|\\u/;

/**
 * Deserialize one record exactly like `model.deserialize` (model.js), which is
 * `JSON.parse(raw, reviver)` with this reviver, applied bottom-up:
 * - the value of any key named `$$date` becomes `new Date(value)`, whatever its type;
 * - then any object or array `v` with a truthy `v.$$date` is replaced by that value, so
 *   `{"$$date": 5, "x": 1}` becomes `Date(5)` and the sibling keys are lost; this holds for the
 *   top-level document too (it then is a Date, with no `_id`).
 * Parsing plainly and walking afterwards is equivalent (the reviver never deletes, and every child
 * is revived independently) and several times faster than a reviver callback on every value.
 * `JSON.parse` creates `__proto__` as an own data property and the walk only reassigns existing own
 * properties, so Object.prototype and the documents' prototypes are never touched.
 * @throws SyntaxError for invalid JSON, TypeError when `new Date(x)` cannot convert `x` (both make the line corrupt).
 */
export function deserializeNedb(text: string): unknown {
  const value: unknown = JSON.parse(text);
  return NEEDS_REVIVE.test(text) ? reviveNedb(value) : value;
}

/**
 * Apply NeDB's reviver to a plainly parsed value, in place where possible; returns the revived value
 * (a Date when the value itself is a `$$date` object). Same throws as `deserializeNedb`.
 */
export function reviveNedb(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? reviveObject(value) : value;
}

/**
 * Children first (JSON.parse calls the reviver bottom-up), then the `v.$$date` replacement. The
 * reviver tests `k === '$$date'` before `v.$$date`, so an object under a `$$date` key gets its
 * children revived but is itself handed to `new Date` as is (`{"$$date":{"$$date":7}}` is an Invalid
 * Date, and `new Date` of an object with a non-function `toString` throws).
 */
function reviveObject(value: object): unknown {
  reviveChildren(value);
  const dated = (value as { $$date?: unknown }).$$date;
  return dated ? dated : value;
}

function reviveChildren(value: object): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const child: unknown = value[i];
      if (typeof child === 'object' && child !== null) {
        const revived = reviveObject(child);
        if (revived !== child) value[i] = revived;
      }
    }
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const child = record[key];
    const isObject = typeof child === 'object' && child !== null;
    let revived: unknown;
    if (key === '$$date') {
      if (isObject) reviveChildren(child);
      revived = new Date(child as string | number);
    } else {
      if (!isObject) continue;
      revived = reviveObject(child);
    }
    if (revived === child) continue;
    // Assigning to an existing own data property never reaches the `__proto__` setter, but be explicit.
    if (key === '__proto__') Object.defineProperty(record, key, { value: revived, writable: true, enumerable: true, configurable: true });
    else record[key] = revived;
  }
}

/** A key NeDB refuses to write back, with its path from the document root. */
export type InvalidKey = { path: string; key: string; rule: string };

/**
 * The first key that `model.serialize` would reject (model.js `checkKey`, called for every key by the
 * JSON.stringify replacer): a key starting with `$` (except `$$date` with a number, `$$deleted` with
 * `true`, `$$indexCreated`, `$$indexRemoved`) or containing a `.`.
 * Why it matters: `loadDatabaseAsync` ends by compacting the file (persistence.js
 * `persistCachedDatabaseAsync` serializes every live document), so ONE such key in a live document
 * makes NeDB refuse to load the whole collection, although its parser read the line fine.
 * Works on a deserialized document and on a plainly parsed one (objects with a `$$date` key are dates).
 */
export function findInvalidKey(doc: unknown): InvalidKey | undefined {
  return locateInvalidKey(doc, '');
}

/** `inspectPlain` flag: a key `findInvalidKey` would report. */
export const HAS_INVALID_KEY = 1;
/** `inspectPlain` flag: a `$$date` key with an object/array value, the only case where reviving can throw. */
export const REVIVE_MAY_THROW = 2;
/** `inspectPlain` flag: a `$$date` NeDB turns into an Invalid Date (`{"$$date":"not-a-number"}`), which it serializes as null. */
export const HAS_INVALID_DATE = 4;
/**
 * `inspectPlain` flag: nested deeper than `DEEP_LEVELS`; the walk stopped there. NeDB's deserializer
 * (JSON.parse with a reviver, recursive inside V8) overflows the call stack at about 2,600 levels and
 * then counts the line corrupt: check with `overflowsNedbDeserializer`.
 */
export const TOO_DEEP = 8;
const DEEP_LEVELS = 1000;
/** The largest time a Date can hold (ECMAScript TimeClip): beyond it NeDB's `new Date(ms)` is invalid. */
const MAX_TIME = 8.64e15;

/**
 * One allocation-free walk over a PLAINLY parsed value (pass 1 skips the reviver), returning flags.
 * Without `REVIVE_MAY_THROW` and `TOO_DEEP`, deserializing the same text cannot throw and differs from
 * the plain value only by `{"$$date": …}` objects becoming Dates; keys inside such objects vanish, so
 * they are not checked for `HAS_INVALID_KEY` nor `HAS_INVALID_DATE`.
 */
export function inspectPlain(value: unknown, insideDate = false, depth = 0): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (depth > DEEP_LEVELS) return TOO_DEEP;
  let flags = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      flags |= inspectPlain(value[i], insideDate, depth + 1);
      if (flags & (REVIVE_MAY_THROW | TOO_DEEP)) return flags;
    }
    return flags;
  }
  const record = value as Record<string, unknown>;
  const isDate = insideDate || Object.hasOwn(record, '$$date');
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const child = record[key];
    const childIsObject = typeof child === 'object' && child !== null;
    if (key === '$$date') {
      if (childIsObject) return flags | REVIVE_MAY_THROW;
      if (!insideDate && isInvalidTime(child)) flags |= HAS_INVALID_DATE;
      continue;
    }
    if (!isDate && ((key.charCodeAt(0) === 36 && !isAllowedDollarKey(key, child)) || key.includes('.'))) flags |= HAS_INVALID_KEY;
    if (childIsObject) {
      flags |= inspectPlain(child, isDate, depth + 1);
      if (flags & (REVIVE_MAY_THROW | TOO_DEEP)) return flags;
    }
  }
  return flags;
}

/** True when `new Date(value)` (NeDB's reviver, for a non-object value) is an Invalid Date. */
function isInvalidTime(value: unknown): boolean {
  if (typeof value === 'number') return !(Math.abs(value) <= MAX_TIME);
  return Number.isNaN(new Date(value as string).getTime());
}

/** True when a deserialized value holds an Invalid Date (what NeDB makes of `{"$$date":"x"}`). */
export function hasInvalidDate(value: unknown): boolean {
  if (value instanceof Date) return Number.isNaN(value.getTime());
  if (typeof value !== 'object' || value === null) return false;
  for (const child of Array.isArray(value) ? value : Object.values(value)) if (hasInvalidDate(child)) return true;
  return false;
}

const keepValue = (_key: string, value: unknown) => value;

/**
 * True when NeDB's deserializer would exceed the call stack on this (valid JSON) text, which makes NeDB
 * count the line corrupt. JSON.parse with a reviver recurses in V8 once per nesting level whatever the
 * reviver does, so this runs the very recursion NeDB runs (the same depth limit, give or take the few
 * frames between the two callers).
 */
export function overflowsNedbDeserializer(text: string): boolean {
  try {
    JSON.parse(text, keepValue);
    return false;
  } catch (error) {
    return error instanceof RangeError;
  }
}

function locateInvalidKey(value: unknown, path: string): InvalidKey | undefined {
  if (typeof value !== 'object' || value === null || value instanceof Date) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = locateInvalidKey(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  const record = value as Record<string, unknown>;
  if (Object.hasOwn(record, '$$date')) return undefined;
  for (const key of Object.keys(record)) {
    const child = record[key];
    const here = path === '' ? key : `${path}.${key}`;
    if (key.startsWith('$') && !isAllowedDollarKey(key, child)) return { path: here, key, rule: 'field names cannot begin with the $ character' };
    if (key.includes('.')) return { path: here, key, rule: 'field names cannot contain a .' };
    const found = locateInvalidKey(child, here);
    if (found) return found;
  }
  return undefined;
}

function isAllowedDollarKey(key: string, value: unknown): boolean {
  return (key === '$$date' && typeof value === 'number') || (key === '$$deleted' && value === true) || key === '$$indexCreated' || key === '$$indexRemoved';
}
