import type { CollectionTarget } from '../mapping/resolve-targets';

/** A document as the adapter answers it: JSON, dates as NeDB serializes them (`{"$$date": ms}`). */
export type AdapterDocument = Record<string, unknown>;

/**
 * Code-point order (what PostgreSQL's `COLLATE "C"` gives for UTF-8), so legacy pages and Nile pages
 * list ids in the same order. JavaScript's `<` compares UTF-16 code units, which puts U+E000–U+FFFF
 * after the surrogates of U+10000 and above; shifting both ranges fixes that.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return shift(x) - shift(y);
  }
  return a.length - b.length;
}

function shift(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

function canonical(value: unknown): unknown {
  if (value instanceof Date) {
    const ms = value.getTime();
    return { $$date: Number.isNaN(ms) ? null : ms };
  }
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : canonical(v)));
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort((a, b) => (a === '_id' ? -1 : b === '_id' ? 1 : compareCodePoints(a, b)));
    const record = value as Record<string, unknown>;
    // fromEntries defines own properties: a `__proto__` key stays data and never touches a prototype.
    return Object.fromEntries(keys.filter((k) => record[k] !== undefined).map((k) => [k, canonical(record[k])]));
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

/**
 * The one shape both stores answer in: NeDB's serialization of the document (Dates become
 * `{"$$date": ms}`, as JSON.stringify would write them), `_id` first and every other key in code-point
 * order at every depth — so neither the values nor the key order tell which store answered.
 * For a collection in a typed table a mapped field that is `null` is left out, as a missing one is:
 * a column cannot tell the two apart, so neither store says which it was.
 */
export function legacyShape(doc: Record<string, unknown>, target?: CollectionTarget): AdapterDocument {
  const shaped = canonical(doc) as AdapterDocument;
  if (target?.kind === 'typed') {
    for (const column of Object.values(target.columns)) {
      if (Object.hasOwn(shaped, column.from) && shaped[column.from] === null) delete shaped[column.from];
    }
  }
  return shaped;
}
