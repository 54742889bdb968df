import { KIND_NUMBER, KIND_STRING, type CanonicalWriter } from './canonical-bytes';

/** What the top-level keys of a document shape mean to validation (found once per shape, not per document). */
export type ShapeInfo = {
  keys: Buffer[];
  names: string[];
  /** Index among the top-level members of `_id`, of the tenant field (-1: absent). */
  id: number;
  tenant: number;
  /** Indexes and names of password-like fields. */
  passwords: { index: number; name: string }[];
};

/**
 * Recognises the top-level shape of the document the writer just wrote (the ordered list of its keys),
 * by a hash of the keys checked byte for byte, so the meaning of each member is worked out once per
 * shape. Calls `onNewShape` with each new shape's key names.
 */
export class ShapeCache {
  private readonly shapes = new Map<number, ShapeInfo[]>();

  constructor(
    private readonly tenantField: string | null,
    private readonly passwordFields: ReadonlySet<string>,
    private readonly onNewShape: (names: string[]) => void,
  ) {}

  of(writer: CanonicalWriter, src: Uint8Array): ShapeInfo {
    const list = this.shapes.get(writer.shapeHash);
    if (list) for (const shape of list) if (matches(shape, writer, src)) return shape;
    const keys: Buffer[] = [];
    for (let i = 0; i < writer.topCount; i++) keys.push(Buffer.from(src.subarray(writer.topKeyStart[i], writer.topKeyEnd[i])));
    const names = keys.map((k) => k.toString('utf8'));
    const shape: ShapeInfo = {
      keys,
      names,
      id: names.lastIndexOf('_id'),
      tenant: this.tenantField === null ? -1 : names.lastIndexOf(this.tenantField),
      passwords: names.flatMap((name, index) => (this.passwordFields.has(name) && names.lastIndexOf(name) === index ? [{ index, name }] : [])),
    };
    if (list) list.push(shape);
    else this.shapes.set(writer.shapeHash, [shape]);
    this.onNewShape(names);
    return shape;
  }
}

function matches(shape: ShapeInfo, writer: CanonicalWriter, src: Uint8Array): boolean {
  if (shape.keys.length !== writer.topCount) return false;
  for (let i = 0; i < shape.keys.length; i++) {
    const key = shape.keys[i] as Buffer;
    const start = writer.topKeyStart[i] as number;
    if ((writer.topKeyEnd[i] as number) - start !== key.length) return false;
    for (let j = 0; j < key.length; j++) if (src[start + j] !== key[j]) return false;
  }
  return true;
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
