import { isUtf8 } from 'node:buffer';
import { BAIL, copyBytes, JsonByteScanner } from './json-byte-scanner';
import { TopShapes, type TopShape } from './top-shapes';

export { KIND_NUMBER, KIND_OTHER, KIND_STRING } from './json-byte-scanner';
export type { TopShape } from './top-shapes';

// Local copies: in the CommonJS this code runs as, an imported binding is a getter call at every use.
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const SPACE = 0x20;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const MINUS = 0x2d;
const copy = copyBytes;

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
export class CanonicalWriter extends JsonByteScanner {
  private order = new Int32Array(1024);
  private readonly topShapes = new TopShapes();
  /** The shape of the last document written (callers may key what its members mean on it). */
  topShape: TopShape | null = null;

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

  protected object(top: boolean): void {
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
        // Top-level scalars are copied once, from the line, when the object is written in order.
        const isVerbatim = top && this.verbatim();
        if (!isVerbatim) this.value();
        const m = (base + count) * 4;
        if (m + 4 > this.members.length) throw new RangeError('members');
        this.members[m] = keyStart;
        this.members[m + 1] = keyEnd;
        this.members[m + 2] = isVerbatim ? valueSourceStart : valueStart;
        this.members[m + 3] = isVerbatim ? this.pos : this.at;
        this.verbatims[base + count] = isVerbatim ? 1 : 0;
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
      let shape = this.topShapes.find(this.shapeHash, this.members, this.src, base, count);
      if (!shape) {
        if (this.sortMembers(base, count)) throw BAIL; // a top-level $$date: NeDB reads a Date, not a document
        let duplicates = false;
        for (let i = 1; i < count; i++) if (this.sameKey(this.order[i - 1] as number, this.order[i] as number)) duplicates = true;
        shape = this.topShapes.remember(this.shapeHash, this.members, this.src, this.order, base, count, duplicates);
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
      copy(this.src, keyStart, keyEnd, tmp, t);
      t += keyEnd - keyStart;
      tmp[t++] = QUOTE;
      tmp[t++] = COLON;
      tmp[t++] = SPACE;
      const valueStart = m[member * 4 + 2] as number;
      const valueEnd = m[member * 4 + 3] as number;
      copy(this.verbatims[member] === 1 ? this.src : out, valueStart, valueEnd, tmp, t);
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
    copy(tmp, 0, t, out, objectStart);
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
