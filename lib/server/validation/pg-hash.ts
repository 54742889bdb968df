/**
 * PostgreSQL's `hashtextextended(text, 0)` in JavaScript: Bob Jenkins' lookup3 as PostgreSQL implements it
 * (src/common/hashfn.c, `hash_bytes_extended` with seed 0, little-endian word order as on every platform
 * Nile and the embedded PostgreSQL run on). Validation hashes each legacy document's canonical text here
 * and each migrated row's `data::text` in PostgreSQL; equal texts give equal hashes, without moving a
 * document between the two. Chosen over md5 because PostgreSQL has it built in on every version and
 * Node's per-call cost for md5 (OpenSSL 3 looks the algorithm up on every call, ~5 µs) would dominate.
 * The result is 64 bits, returned as two unsigned 32-bit halves in `HASH_OUT` (high = `b`, low = `c`).
 */

/** The last hash: `[high, low]` unsigned 32-bit halves of the 64-bit result. Overwritten by every call. */
export const HASH_OUT = new Uint32Array(2);

/**
 * Hashes `length` bytes of `bytes` from offset 0. `words` must view the same memory as `bytes` (an
 * Int32Array over its buffer, `bytes.byteOffset` a multiple of 4): the body is read a word at a time.
 */
export function hashBytes(bytes: Uint8Array, words: Int32Array, length: number): void {
  let a = (0x9e3779b9 + length + 3923095) | 0;
  let b = a;
  let c = a;
  let len = length;
  let w = 0;
  while (len >= 12) {
    a = (a + (words[w] as number)) | 0;
    b = (b + (words[w + 1] as number)) | 0;
    c = (c + (words[w + 2] as number)) | 0;
    // mix(a, b, c)
    a = (a - c) | 0; a ^= (c << 4) | (c >>> 28); c = (c + b) | 0;
    b = (b - a) | 0; b ^= (a << 6) | (a >>> 26); a = (a + c) | 0;
    c = (c - b) | 0; c ^= (b << 8) | (b >>> 24); b = (b + a) | 0;
    a = (a - c) | 0; a ^= (c << 16) | (c >>> 16); c = (c + b) | 0;
    b = (b - a) | 0; b ^= (a << 19) | (a >>> 13); a = (a + c) | 0;
    c = (c - b) | 0; c ^= (b << 4) | (b >>> 28); b = (b + a) | 0;
    w += 3;
    len -= 12;
  }
  const k = w * 4;
  // The last 0–11 bytes; the lowest byte of c is reserved for the length (PostgreSQL's variant).
  switch (len) {
    case 11: c = (c + ((bytes[k + 10] as number) << 24)) | 0; // falls through
    case 10: c = (c + ((bytes[k + 9] as number) << 16)) | 0; // falls through
    case 9: c = (c + ((bytes[k + 8] as number) << 8)) | 0; // falls through
    case 8:
      b = (b + (words[w + 1] as number)) | 0;
      a = (a + (words[w] as number)) | 0;
      break;
    case 7: b = (b + ((bytes[k + 6] as number) << 16)) | 0; // falls through
    case 6: b = (b + ((bytes[k + 5] as number) << 8)) | 0; // falls through
    case 5: b = (b + (bytes[k + 4] as number)) | 0; // falls through
    case 4:
      a = (a + (words[w] as number)) | 0;
      break;
    case 3: a = (a + ((bytes[k + 2] as number) << 16)) | 0; // falls through
    case 2: a = (a + ((bytes[k + 1] as number) << 8)) | 0; // falls through
    case 1: a = (a + (bytes[k] as number)) | 0;
  }
  // final(a, b, c)
  c ^= b; c = (c - ((b << 14) | (b >>> 18))) | 0;
  a ^= c; a = (a - ((c << 11) | (c >>> 21))) | 0;
  b ^= a; b = (b - ((a << 25) | (a >>> 7))) | 0;
  c ^= b; c = (c - ((b << 16) | (b >>> 16))) | 0;
  a ^= c; a = (a - ((c << 4) | (c >>> 28))) | 0;
  b ^= a; b = (b - ((a << 14) | (a >>> 18))) | 0;
  c ^= b; c = (c - ((b << 24) | (b >>> 8))) | 0;
  HASH_OUT[0] = b;
  HASH_OUT[1] = c;
}

/** A scratch area for `hashBytes`: bytes and the word view of the same memory, grown on demand. */
export class HashScratch {
  bytes = new Uint8Array(1 << 16);
  words = new Int32Array(this.bytes.buffer);

  /** Makes room for `size` bytes, keeping the first `keep` bytes. */
  ensure(size: number, keep = 0): void {
    if (size <= this.bytes.length) return;
    let capacity = this.bytes.length;
    while (capacity < size) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, keep));
    this.bytes = grown;
    this.words = new Int32Array(grown.buffer);
  }
}

const scratch = new HashScratch();

/** `hashtextextended(text, 0)` of a string, as `[high, low]` unsigned halves (tests and small inputs). */
export function hashText(text: string): [number, number] {
  scratch.ensure(Buffer.byteLength(text) + 12);
  const length = Buffer.from(scratch.bytes.buffer).write(text, 0, 'utf8');
  hashBytes(scratch.bytes, scratch.words, length);
  return [HASH_OUT[0] as number, HASH_OUT[1] as number];
}
