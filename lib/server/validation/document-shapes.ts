import { KIND_NUMBER as NUMBER_KIND, KIND_STRING as STRING_KIND, type CanonicalWriter, type TopShape } from './canonical-bytes';

// Local copies (an imported binding is a getter call at every use in CommonJS).
const KIND_NUMBER = NUMBER_KIND;
const KIND_STRING = STRING_KIND;

/** What the top-level keys of a document shape mean to validation (found once per shape, not per document). */
export type ShapeInfo = {
  names: string[];
  /** Index among the top-level members of `_id`, of the tenant field (-1: absent). */
  id: number;
  tenant: number;
  /** Indexes and names of password-like fields. */
  passwords: { index: number; name: string }[];
};

/**
 * What the members of each top-level shape mean (the writer recognises shapes; this works out, once per
 * shape, where `_id`, the tenant field and password fields are), and calls `onNewShape` with each new
 * shape's key names.
 */
export class ShapeCache {
  private readonly known = new WeakMap<TopShape, ShapeInfo>();

  constructor(
    private readonly tenantField: string | null,
    private readonly passwordFields: ReadonlySet<string>,
    private readonly onNewShape: (names: string[]) => void,
  ) {}

  of(writer: CanonicalWriter, src: Uint8Array): ShapeInfo {
    const top = writer.topShape as TopShape;
    const cached = this.known.get(top);
    if (cached) return cached;
    const names: string[] = [];
    for (let i = 0; i < writer.topCount; i++) names.push(Buffer.from(src.subarray(writer.topKeyStart[i], writer.topKeyEnd[i])).toString('utf8'));
    const shape: ShapeInfo = {
      names,
      id: names.lastIndexOf('_id'),
      tenant: this.tenantField === null ? -1 : names.lastIndexOf(this.tenantField),
      passwords: names.flatMap((name, index) => (this.passwordFields.has(name) && names.lastIndexOf(name) === index ? [{ index, name }] : [])),
    };
    this.known.set(top, shape);
    this.onNewShape(names);
    return shape;
  }
}

const BACKSLASH = 0x5c;

/** The raw text of top-level member `index`'s value (a JSON literal). */
export function memberLiteral(writer: CanonicalWriter, src: Buffer, index: number): string {
  return src.toString('utf8', writer.topValueStart[index], writer.topValueEnd[index]);
}

/**
 * A top-level string or number member as NeDB keys it (`String(value)`), or null for other kinds.
 * Strings without escapes are decoded directly, others through JSON.parse.
 */
export function memberText(writer: CanonicalWriter, src: Buffer, index: number): string | null {
  const kind = writer.topKind[index];
  const start = writer.topValueStart[index] as number;
  const end = writer.topValueEnd[index] as number;
  if (kind === KIND_STRING) {
    for (let i = start + 1; i < end - 1; i++) if (src[i] === BACKSLASH) return JSON.parse(src.toString('utf8', start, end)) as string;
    return src.toString('utf8', start + 1, end - 1);
  }
  if (kind === KIND_NUMBER) return String(Number(src.toString('latin1', start, end)));
  return null;
}

/** The bucket (cell-sums.ts) of a top-level string id without decoding it, or -1 when it must be decoded. */
export function rawIdBucket(writer: CanonicalWriter, src: Uint8Array, index: number): number {
  if (writer.topKind[index] !== KIND_STRING) return -1;
  const start = writer.topValueStart[index] as number;
  const end = writer.topValueEnd[index] as number;
  if (end - start < 3) return -1;
  for (let i = start + 1; i < end - 1; i++) if (src[i] === BACKSLASH) return -1;
  const last = src[end - 2] as number;
  return last < 128 ? last : 128;
}

/**
 * Tenant indexes by the raw bytes of a top-level string value: documents of a collection name a few
 * tenants over and over, so the value is decoded (and its tenant looked up) once per distinct key.
 */
export class TenantBytesCache {
  private readonly entries = new Map<number, { bytes: Uint8Array; index: number }[]>();

  constructor(private readonly indexOf: (key: string | null) => number) {}

  /** The tenant index of top-level member `member` (a string without escapes), or -1 when it must be decoded. */
  of(writer: CanonicalWriter, src: Buffer, member: number): number {
    if (writer.topKind[member] !== KIND_STRING) return -1;
    const start = (writer.topValueStart[member] as number) + 1;
    const end = (writer.topValueEnd[member] as number) - 1;
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) {
      const c = src[i] as number;
      if (c === BACKSLASH) return -1;
      hash = Math.imul(hash ^ c, 0x01000193);
    }
    const list = this.entries.get(hash);
    if (list) {
      outer: for (const entry of list) {
        if (entry.bytes.length !== end - start) continue;
        for (let i = 0; i < entry.bytes.length; i++) if (entry.bytes[i] !== src[start + i]) continue outer;
        return entry.index;
      }
    }
    const text = src.toString('utf8', start, end);
    const index = this.indexOf(text.trim() === '' ? null : text);
    const entry = { bytes: Uint8Array.from(src.subarray(start, end)), index };
    if (list) list.push(entry);
    else if (this.entries.size < 100_000) this.entries.set(hash, [entry]);
    return index;
  }
}
