import { isUtf8 } from 'node:buffer';
import { numericText } from './canonical-json';
import { HashScratch } from './pg-hash';

/**
 * The canonical text (canonical-json.ts) of one legacy line, written as UTF-8 bytes straight from the
 * line's bytes: no string, no object, no `JSON.parse` — validation reads every document, and this is
 * most of its cost. Members are reordered as jsonb orders keys, numbers in exponent form and negative
 * zeros are rewritten as `numeric` prints them, `\/` becomes `/`; everything else is copied.
 *
 * It handles the lines NeDB writes; for anything it cannot prove equal to what NeDB loads it answers
 * -1 and the caller takes the exact route (`JSON.parse`, NeDB's date revival, `canonicalJson`):
 * a `\u` escape (it may spell any key, `$$date` included), an object holding `$$date` other than as
 * `{"$$date": <integer>}` (NeDB turns such objects into Dates), invalid UTF-8 (decoding replaces it),
 * a top level that is not an object, or malformed JSON.
 *
 * After a successful `write`, the top-level members are described in `top*` arrays (source offsets of
 * each key and raw value, and the value's kind) and `shapeHash` hashes the top-level key sequence, so
 * callers find `_id`, the tenant field and password fields without decoding anything else.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const SPACE = 0x20;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const MINUS = 0x2d;
const DATE_KEY = Buffer.from('$$date');

/** Kinds of top-level values. */
export const KIND_STRING = 1;
export const KIND_NUMBER = 2;
export const KIND_OTHER = 3;

/** A top-level key sequence seen before: its keys (concatenated, with lengths), each member's rank, and what a caller attached. */
export type TopShape = { count: number; lengths: Int32Array; keys: Uint8Array; order: Int32Array; duplicates: boolean; info: unknown };

class Bail {}
const BAIL = new Bail();

export class CanonicalWriter {
  /** The canonical bytes of the last line, from offset 0 (hash them with `out.words`). */
  out = new HashScratch();
  /** Where an object's members are put in order; the top-level object is written here and the two swap. */
  private spare = new HashScratch();
  private src: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private end = 0;
  private at = 0;
  /** Every string byte OR-ed together: bit 7 set when the line holds non-ASCII text (then it is checked for valid UTF-8). */
  private high = 0;
  /** Member stack: key start, key end (source, inside the quotes), value start, value end (output). */
  private members = new Int32Array(4 * 1024);
  private sp = 0;
  private order = new Int32Array(1024);
  private readonly topShapes = new Map<number, TopShape[]>();
  /** The shape of the last document written (callers may attach what its members mean in `info`). */
  topShape: TopShape | null = null;

  topCount = 0;
  topKeyStart = new Int32Array(256);
  topKeyEnd = new Int32Array(256);
  topValueStart = new Int32Array(256);
  topValueEnd = new Int32Array(256);
  topKind = new Uint8Array(256);
  shapeHash = 0;

  /**
   * Writes the canonical bytes of `src[start, end)` (one line, without its newline) to `out` and returns
   * their length, or -1 when the exact route must be taken instead. Never throws.
   */
  write(src: Uint8Array, start: number, end: number): number {
    this.src = src;
    this.pos = start;
    this.end = end;
    this.at = 0;
    this.sp = 0;
    this.high = 0;
    this.topCount = 0;
    this.topShape = null;
    this.shapeHash = 0x811c9dc5;
    const room = 2 * (end - start) + 64;
    this.out.ensure(room);
    this.spare.ensure(room);
    try {
      this.skipSpace();
      if (this.src[this.pos] !== LBRACE) return -1;
      this.object(true);
      this.skipSpace();
      if (this.pos !== this.end) return -1;
      if (this.high & 0x80 && !isUtf8(src.subarray(start, end))) return -1;
      return this.at;
    } catch (error) {
      if (error === BAIL) return -1;
      if (error instanceof RangeError) return -1; // a nesting or member count beyond the stacks
      throw error;
    }
  }

  private skipSpace(): void {
    const src = this.src;
    const end = this.end;
    let p = this.pos;
    while (p < end) {
      const c = src[p] as number;
      if (c !== SPACE && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      p += 1;
    }
    this.pos = p;
  }

  private value(): void {
    this.skipSpace();
    const c = this.src[this.pos];
    if (c === QUOTE) this.string();
    else if (c === LBRACE) this.object(false);
    else if (c === LBRACKET) this.array();
    else this.scalar();
  }

  private string(): void {
    const src = this.src;
    const out = this.out.bytes;
    let at = this.at;
    let high = 0;
    out[at++] = QUOTE;
    let p = this.pos + 1;
    for (;;) {
      if (p >= this.end) throw BAIL;
      const c = src[p] as number;
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        const next = src[p + 1] as number;
        if (next === 0x75 /* u */) throw BAIL;
        if (next === 0x2f /* / */) {
          out[at++] = 0x2f;
          p += 2;
          continue;
        }
        out[at++] = c;
        out[at++] = next;
        p += 2;
        continue;
      }
      high |= c;
      out[at++] = c;
      p += 1;
    }
    this.high |= high;
    out[at++] = QUOTE;
    this.at = at;
    this.pos = p + 1;
  }

  private scalar(): void {
    const src = this.src;
    const start = this.pos;
    let p = start;
    let c = src[p] as number;
    if (c === 0x74 || c === 0x66 || c === 0x6e) {
      // true, false, null
      const length = c === 0x66 ? 5 : 4;
      this.copy(start, start + length);
      this.pos = start + length;
      return;
    }
    let hasExponent = false;
    let nonZero = false;
    while ((c >= 0x30 && c <= 0x39) || c === MINUS || c === 0x2e || c === 0x2b || c === 0x65 || c === 0x45) {
      if (c === 0x65 || c === 0x45) hasExponent = true;
      else if (c >= 0x31 && c <= 0x39 && !hasExponent) nonZero = true;
      c = src[++p] as number;
    }
    if (p === start) throw BAIL;
    this.pos = p;
    if (hasExponent || (src[start] === MINUS && !nonZero)) {
      const text = numericText(Buffer.from(src.buffer, src.byteOffset + start, p - start).toString('latin1'));
      const out = this.out.bytes;
      for (let i = 0; i < text.length; i++) out[this.at++] = text.charCodeAt(i);
      return;
    }
    this.copy(start, p);
  }

  private copy(from: number, to: number): void {
    copyBytes(this.src, from, to, this.out.bytes, this.at);
    this.at += to - from;
  }

  private array(): void {
    const out = this.out.bytes;
    out[this.at++] = LBRACKET;
    this.pos += 1;
    this.skipSpace();
    if (this.src[this.pos] === RBRACKET) {
      this.pos += 1;
      out[this.at++] = RBRACKET;
      return;
    }
    for (;;) {
      this.value();
      this.skipSpace();
      const c = this.src[this.pos];
      this.pos += 1;
      if (c === RBRACKET) break;
      if (c !== COMMA) throw BAIL;
      out[this.at++] = COMMA;
      out[this.at++] = SPACE;
    }
    out[this.at++] = RBRACKET;
  }

  /** Reads a key (no escapes other than the simple ones allowed) and returns its end offset; `pos` is after the quote. */
  private key(top: boolean): number {
    const src = this.src;
    let p = this.pos + 1;
    let hash = this.shapeHash;
    for (;;) {
      if (p >= this.end) throw BAIL;
      const c = src[p] as number;
      if (c === QUOTE) break;
      if (c === BACKSLASH) throw BAIL; // escaped keys: rare, and their order needs decoding
      this.high |= c;
      if (top) hash = Math.imul(hash ^ c, 0x01000193);
      p += 1;
    }
    if (top) this.shapeHash = Math.imul(hash ^ 0xff, 0x01000193);
    this.pos = p + 1;
    return p;
  }

  private object(top: boolean): void {
    const src = this.src;
    const objectStart = this.at;
    const base = this.sp;
    this.pos += 1;
    this.skipSpace();
    let count = 0;
    if (src[this.pos] === RBRACE) {
      this.pos += 1;
    } else {
      for (;;) {
        this.skipSpace();
        if (src[this.pos] !== QUOTE) throw BAIL;
        const keyStart = this.pos + 1;
        const keyEnd = this.key(top);
        this.skipSpace();
        if (src[this.pos] !== COLON) throw BAIL;
        this.pos += 1;
        this.skipSpace();
        const valueSourceStart = this.pos;
        const valueStart = this.at;
        this.value();
        const m = (base + count) * 4;
        if (m + 4 > this.members.length) throw new RangeError('members');
        this.members[m] = keyStart;
        this.members[m + 1] = keyEnd;
        this.members[m + 2] = valueStart;
        this.members[m + 3] = this.at;
        if (top) this.noteTop(count, keyStart, keyEnd, valueSourceStart);
        count += 1;
        this.sp = base + count;
        this.skipSpace();
        const c = src[this.pos];
        this.pos += 1;
        if (c === RBRACE) break;
        if (c !== COMMA) throw BAIL;
      }
    }
    if (top) this.topCount = count;
    this.emitObject(objectStart, base, count, top);
    this.sp = base;
  }

  private noteTop(index: number, keyStart: number, keyEnd: number, valueStart: number): void {
    if (index >= this.topKeyStart.length) throw new RangeError('top-level members');
    this.topKeyStart[index] = keyStart;
    this.topKeyEnd[index] = keyEnd;
    this.topValueStart[index] = valueStart;
    this.topValueEnd[index] = this.pos;
    const first = this.src[valueStart];
    this.topKind[index] = first === QUOTE ? KIND_STRING : (first as number) === MINUS || ((first as number) >= 0x30 && (first as number) <= 0x39) ? KIND_NUMBER : KIND_OTHER;
  }

  /** True when key `a` sorts before key `b` as jsonb orders keys (byte length, then bytes). */
  private before(a: number, b: number): boolean {
    const m = this.members;
    const src = this.src;
    const aStart = m[a * 4] as number;
    const bStart = m[b * 4] as number;
    const aLength = (m[a * 4 + 1] as number) - aStart;
    const bLength = (m[b * 4 + 1] as number) - bStart;
    if (aLength !== bLength) return aLength < bLength;
    for (let i = 0; i < aLength; i++) {
      const x = src[aStart + i] as number;
      const y = src[bStart + i] as number;
      if (x !== y) return x < y;
    }
    return false;
  }

  private sameKey(a: number, b: number): boolean {
    const m = this.members;
    const aStart = m[a * 4] as number;
    const bStart = m[b * 4] as number;
    const length = (m[a * 4 + 1] as number) - aStart;
    if (length !== (m[b * 4 + 1] as number) - bStart) return false;
    for (let i = 0; i < length; i++) if (this.src[aStart + i] !== this.src[bStart + i]) return false;
    return true;
  }

  private isDateKey(member: number): boolean {
    const m = this.members;
    const start = m[member * 4] as number;
    if ((m[member * 4 + 1] as number) - start !== 6) return false;
    for (let i = 0; i < 6; i++) if (this.src[start + i] !== DATE_KEY[i]) return false;
    return true;
  }

  /** The cached top-level shape matching the current top-level members, if any. */
  private findTopShape(base: number, count: number): TopShape | null {
    const list = this.topShapes.get(this.shapeHash);
    if (!list) return null;
    const m = this.members;
    const src = this.src;
    outer: for (const shape of list) {
      if (shape.count !== count) continue;
      let at = 0;
      for (let i = 0; i < count; i++) {
        const start = m[(base + i) * 4] as number;
        const length = (m[(base + i) * 4 + 1] as number) - start;
        if (length !== shape.lengths[i]) continue outer;
        for (let j = 0; j < length; j++) if (src[start + j] !== shape.keys[at + j]) continue outer;
        at += length;
      }
      return shape;
    }
    return null;
  }

  /** Sorts the members of an object into `order` (absolute member indexes); true when a `$$date` key is among them. */
  private sortMembers(base: number, count: number): boolean {
    if (this.order.length < count) this.order = new Int32Array(count * 2);
    const order = this.order;
    let hasDate = false;
    // Stable insertion sort of member indexes by key (equal keys keep source order).
    for (let i = 0; i < count; i++) {
      const member = base + i;
      if (this.isDateKey(member)) hasDate = true;
      let j = i;
      while (j > 0 && this.before(member, order[j - 1] as number)) {
        order[j] = order[j - 1] as number;
        j -= 1;
      }
      order[j] = member;
    }
    return hasDate;
  }

  /** Remembers the order of a new top-level shape (its keys, and each member's rank). */
  private rememberTopShape(base: number, count: number): TopShape {
    const m = this.members;
    const lengths = new Int32Array(count);
    let total = 0;
    for (let i = 0; i < count; i++) total += lengths[i] = (m[(base + i) * 4 + 1] as number) - (m[(base + i) * 4] as number);
    const keys = new Uint8Array(total);
    let at = 0;
    for (let i = 0; i < count; i++) {
      keys.set(this.src.subarray(m[(base + i) * 4] as number, m[(base + i) * 4 + 1] as number), at);
      at += lengths[i] as number;
    }
    const order = new Int32Array(count);
    let duplicates = false;
    for (let i = 0; i < count; i++) {
      order[i] = (this.order[i] as number) - base;
      if (i > 0 && this.sameKey(this.order[i - 1] as number, this.order[i] as number)) duplicates = true;
    }
    const shape: TopShape = { count, lengths, keys, order, duplicates, info: undefined };
    if (this.topShapes.size > 10_000) this.topShapes.clear();
    const list = this.topShapes.get(this.shapeHash);
    if (list) list.push(shape);
    else this.topShapes.set(this.shapeHash, [shape]);
    return shape;
  }

  /**
   * Rewrites the members written in source order at `objectStart` as the canonical object. The top-level
   * object's order comes from its shape (documents of a collection share a few), and it is written to the
   * spare buffer, which then becomes `out`: no copy back.
   */
  private emitObject(objectStart: number, base: number, count: number, top: boolean): void {
    const out = this.out.bytes;
    if (count === 0) {
      out[this.at++] = LBRACE;
      out[this.at++] = RBRACE;
      return;
    }
    let ranks: Int32Array | null = null;
    let duplicates = true;
    if (top) {
      let shape = this.findTopShape(base, count);
      if (!shape) {
        if (this.sortMembers(base, count)) throw BAIL; // a top-level $$date: NeDB reads a Date, not a document
        shape = this.rememberTopShape(base, count);
      }
      this.topShape = shape;
      ranks = shape.order;
      duplicates = shape.duplicates;
    } else if (this.sortMembers(base, count)) this.checkDate(base, count);
    const order = this.order;
    const tmp = this.spare.bytes;
    const m = this.members;
    let t = 0;
    tmp[t++] = LBRACE;
    let first = true;
    for (let i = 0; i < count; i++) {
      const member = ranks ? base + (ranks[i] as number) : (order[i] as number);
      // A repeated key keeps its last value, as in jsonb and JSON.parse: skip all but the last.
      if (duplicates && i + 1 < count && this.sameKey(member, ranks ? base + (ranks[i + 1] as number) : (order[i + 1] as number))) continue;
      if (!first) {
        tmp[t++] = COMMA;
        tmp[t++] = SPACE;
      }
      first = false;
      tmp[t++] = QUOTE;
      const keyStart = m[member * 4] as number;
      const keyEnd = m[member * 4 + 1] as number;
      copyBytes(this.src, keyStart, keyEnd, tmp, t);
      t += keyEnd - keyStart;
      tmp[t++] = QUOTE;
      tmp[t++] = COLON;
      tmp[t++] = SPACE;
      const valueStart = m[member * 4 + 2] as number;
      const valueEnd = m[member * 4 + 3] as number;
      copyBytes(out, valueStart, valueEnd, tmp, t);
      t += valueEnd - valueStart;
    }
    tmp[t++] = RBRACE;
    if (top) {
      const written = this.spare;
      this.spare = this.out;
      this.out = written;
      this.at = t;
      return;
    }
    copyBytes(tmp, 0, t, out, objectStart);
    this.at = objectStart + t;
  }

  /** An object with a `$$date` key is only safe here as `{"$$date": <integer within Date's range>}`. */
  private checkDate(base: number, count: number): void {
    if (count !== 1) throw BAIL;
    const m = this.members;
    const start = m[base * 4 + 2] as number;
    const end = m[base * 4 + 3] as number;
    const out = this.out.bytes;
    const digitsFrom = out[start] === MINUS ? start + 1 : start;
    if (end - digitsFrom < 1 || end - digitsFrom > 15) throw BAIL;
    for (let i = digitsFrom; i < end; i++) {
      const c = out[i] as number;
      if (c < 0x30 || c > 0x39) throw BAIL;
    }
  }
}

/** Copies `from[start, end)` to `to` at `at`: a plain loop for the short spans of a document, a native copy for long ones. */
function copyBytes(from: Uint8Array, start: number, end: number, to: Uint8Array, at: number): void {
  const length = end - start;
  if (length > 64) {
    if (Buffer.isBuffer(from)) from.copy(to, at, start, end);
    else to.set(from.subarray(start, end), at);
    return;
  }
  for (let i = 0; i < length; i++) to[at + i] = from[start + i] as number;
}
