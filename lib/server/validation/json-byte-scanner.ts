import { HashScratch } from './pg-hash';
import { numericText } from './canonical-json';

/** Bytes of JSON the scanner looks for. */
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const SPACE = 0x20;
export const LBRACE = 0x7b;
export const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
export const MINUS = 0x2d;
const DATE_KEY = Buffer.from('$$date');

/** Kinds of top-level values. */
export const KIND_STRING = 1;
export const KIND_NUMBER = 2;
export const KIND_OTHER = 3;

class Bail {}
/** Thrown (and caught by `write`) when a line must take the exact route. */
export const BAIL = new Bail();

/**
 * The scanning half of the canonical writer (canonical-bytes.ts): it walks one line's JSON bytes and
 * writes each value's canonical bytes to `out` — strings and literals copied (`\/` rewritten, a `\u`
 * escape refused), numbers rewritten when `numeric` would print them otherwise, arrays with `", "` —
 * and records each object's members on a stack for the subclass to put in order. Top-level members are
 * described in the `top*` arrays, and `shapeHash` hashes the top-level keys.
 */
export abstract class JsonByteScanner {
  /** The canonical bytes of the last line, from offset 0 (hash them with `out.words`). */
  out = new HashScratch();
  /** Where an object's members are put in order; the top-level object is written here and the two swap. */
  protected spare = new HashScratch();
  protected src: Uint8Array = new Uint8Array(0);
  protected pos = 0;
  protected end = 0;
  protected at = 0;
  /** Every string byte OR-ed together: bit 7 set when the line holds non-ASCII text (then it is checked for valid UTF-8). */
  protected high = 0;
  /** Member stack: key start, key end (source, inside the quotes), value start, value end (output, or the line when verbatim). */
  protected members = new Int32Array(4 * 1024);
  /** Per member of the stack: 1 when its value is copied straight from the line (see `verbatim`). */
  protected verbatims = new Uint8Array(1024);
  protected sp = 0;

  topCount = 0;
  topKeyStart = new Int32Array(256);
  topKeyEnd = new Int32Array(256);
  topValueStart = new Int32Array(256);
  topValueEnd = new Int32Array(256);
  topKind = new Uint8Array(256);
  shapeHash = 0;

  /** Parses an object at `pos` and writes it canonically (the subclass orders the members). */
  protected abstract object(top: boolean): void;

  protected skipSpace(): void {
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

  protected value(): void {
    this.skipSpace();
    const c = this.src[this.pos];
    if (c === QUOTE) this.string();
    else if (c === LBRACE) this.object(false);
    else if (c === LBRACKET) this.array();
    else this.scalar();
  }

  protected string(): void {
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

  /**
   * When the value at `pos` is a string, number or literal whose canonical bytes are its own bytes (no
   * `\/` to rewrite, no exponent, no negative zero), moves past it and answers true: the caller copies it
   * straight from the line. Otherwise leaves `pos` where it was and answers false.
   */
  protected verbatim(): boolean {
    const src = this.src;
    const start = this.pos;
    let c = src[start] as number;
    if (c === QUOTE) {
      let p = start + 1;
      let high = 0;
      for (;;) {
        if (p >= this.end) throw BAIL;
        c = src[p] as number;
        if (c === QUOTE) break;
        if (c === BACKSLASH) {
          const next = src[p + 1] as number;
          if (next === 0x75 /* u */) throw BAIL;
          if (next === 0x2f /* / */) return false;
          p += 2;
          continue;
        }
        high |= c;
        p += 1;
      }
      this.high |= high;
      this.pos = p + 1;
      return true;
    }
    if (c === 0x74 || c === 0x6e) {
      this.pos = start + 4; // true, null
      return true;
    }
    if (c === 0x66) {
      this.pos = start + 5; // false
      return true;
    }
    let p = start;
    let nonZero = false;
    while ((c >= 0x30 && c <= 0x39) || c === MINUS || c === 0x2e) {
      if (c >= 0x31 && c <= 0x39) nonZero = true;
      c = src[++p] as number;
    }
    if (p === start || c === 0x65 || c === 0x45 || c === 0x2b || (src[start] === MINUS && !nonZero)) return false;
    this.pos = p;
    return true;
  }

  protected scalar(): void {
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

  protected copy(from: number, to: number): void {
    copyBytes(this.src, from, to, this.out.bytes, this.at);
    this.at += to - from;
  }

  protected array(): void {
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
  /**
   * Reads a key (no escapes) and returns its end offset; `pos` is after the closing quote. Top-level keys
   * feed `shapeHash` with their length and first and last bytes: cheap, and enough to tell a
   * collection's shapes apart (top-shapes.ts checks every byte of a candidate).
   */
  protected key(top: boolean): number {
    const src = this.src;
    const start = this.pos + 1;
    let p = start;
    let high = 0;
    for (;;) {
      if (p >= this.end) throw BAIL;
      const c = src[p] as number;
      if (c === QUOTE) break;
      if (c === BACKSLASH) throw BAIL; // escaped keys: rare, and their order needs decoding
      high |= c;
      p += 1;
    }
    this.high |= high;
    if (top) this.shapeHash = Math.imul(this.shapeHash ^ ((p - start) | ((src[start] as number) << 8) | ((src[p - 1] as number) << 16)), 0x01000193);
    this.pos = p + 1;
    return p;
  }

  protected noteTop(index: number, keyStart: number, keyEnd: number, valueStart: number): void {
    if (index >= this.topKeyStart.length) throw new RangeError('top-level members');
    this.topKeyStart[index] = keyStart;
    this.topKeyEnd[index] = keyEnd;
    this.topValueStart[index] = valueStart;
    this.topValueEnd[index] = this.pos;
    const first = this.src[valueStart];
    this.topKind[index] = first === QUOTE ? KIND_STRING : (first as number) === MINUS || ((first as number) >= 0x30 && (first as number) <= 0x39) ? KIND_NUMBER : KIND_OTHER;
  }

  /** True when key `a` sorts before key `b` as jsonb orders keys (byte length, then bytes). */
  protected before(a: number, b: number): boolean {
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

  protected sameKey(a: number, b: number): boolean {
    const m = this.members;
    const aStart = m[a * 4] as number;
    const bStart = m[b * 4] as number;
    const length = (m[a * 4 + 1] as number) - aStart;
    if (length !== (m[b * 4 + 1] as number) - bStart) return false;
    for (let i = 0; i < length; i++) if (this.src[aStart + i] !== this.src[bStart + i]) return false;
    return true;
  }

  protected isDateKey(member: number): boolean {
    const m = this.members;
    const start = m[member * 4] as number;
    if ((m[member * 4 + 1] as number) - start !== 6) return false;
    for (let i = 0; i < 6; i++) if (this.src[start + i] !== DATE_KEY[i]) return false;
    return true;
  }
}

/** Copies `from[start, end)` to `to` at `at`: a plain loop for the short spans of a document, a native copy for long ones. */
export function copyBytes(from: Uint8Array, start: number, end: number, to: Uint8Array, at: number): void {
  const length = end - start;
  if (length > 64) {
    if (Buffer.isBuffer(from)) from.copy(to, at, start, end);
    else to.set(from.subarray(start, end), at);
    return;
  }
  for (let i = 0; i < length; i++) to[at + i] = from[start + i] as number;
}
