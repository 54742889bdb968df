/** How deep differing fields are named (`stats.sent`); below that the parent names the difference. */
const MAX_DEPTH = 3;
/** At most this many field names are kept for one mismatch. */
const MAX_FIELDS = 50;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality of JSON values (key order ignored, array order kept). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
  }
  return false;
}

/**
 * The names of the fields that differ between two documents in the legacy shape, as dotted paths down
 * to three levels (`stats.sent`), sorted; empty when they are equal. Only names: a mismatch record never
 * holds a value, so nothing secret (a password hash, an email) is copied into Ferry's tables.
 */
export function differingFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const found: string[] = [];
  const walk = (x: Record<string, unknown>, y: Record<string, unknown>, prefix: string, depth: number) => {
    const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
    for (const key of keys) {
      if (found.length >= MAX_FIELDS) return;
      const inX = Object.hasOwn(x, key);
      const inY = Object.hasOwn(y, key);
      if (inX && inY && sameJson(x[key], y[key])) continue;
      const path = prefix === '' ? key : `${prefix}.${key}`;
      const left = x[key];
      const right = y[key];
      if (inX && inY && depth < MAX_DEPTH && isPlainObject(left) && isPlainObject(right)) walk(left, right, path, depth + 1);
      else found.push(path);
    }
  };
  walk(a, b, '', 1);
  return found;
}
