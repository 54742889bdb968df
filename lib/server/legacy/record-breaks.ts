/**
 * Where NeDB cuts a datafile into records, at the byte level.
 *
 * NeDB (`@seald-io/nedb` 4.x, lib/byline.js) decodes the file as UTF-8 and splits the text with
 * `/\r\n|[\n\v\f\r\x85\u2028\u2029]/`, dropping empty pieces. In UTF-8 those breaks are the bytes
 * `0A 0B 0C 0D`, `C2 85` (U+0085), `E2 80 A8` (U+2028) and `E2 80 A9` (U+2029), with `0D 0A` one
 * break. Their lead bytes are never UTF-8 continuation bytes (80–BF), so such a byte sequence in the
 * raw file is exactly such a character in the decoded text, whatever invalid bytes surround it, and
 * searching bytes finds the same breaks as NeDB's regular expression on the decoded text.
 */

const LF = 0x0a;
const VT = 0x0b;
const FF = 0x0c;
const CR = 0x0d;
const C2 = 0xc2;
const E2 = 0xe2;

/** The break byte sequences besides `\n`; a 1 MB read holding none of them splits on `\n` alone. */
const EXTRA_BREAKS = [Buffer.from([CR]), Buffer.from([VT]), Buffer.from([FF]), Buffer.from('\u0085'), Buffer.from('\u2028'), Buffer.from('\u2029')];

/** True when `view` holds a break other than `\n` (a few native searches, no per-byte JavaScript). */
export function viewHasExtraBreaks(view: Buffer): boolean {
  for (const bytes of EXTRA_BREAKS) if (view.includes(bytes)) return true;
  return false;
}

/**
 * Bytes at the end of a read that may be the start of a break completed by the next read (a `\r`
 * whose `\n` may follow, a `C2`, an `E2` or `E2 80`). They are kept for the next read so that every
 * break is seen whole, which is what byline.js does for a `\r\n` cut by its stream's chunks.
 */
export function heldBackBytes(buffer: Buffer, length: number): number {
  if (length === 0) return 0;
  const last = buffer[length - 1];
  if (last === CR || last === C2 || last === E2) return 1;
  if (last === 0x80 && length >= 2 && buffer[length - 2] === E2) return 2;
  return 0;
}

/** Byte length of the break starting at `at` in `view` (up to `to`), 0 when there is none. */
export function breakLength(view: Buffer, at: number, to: number): number {
  const byte = view[at];
  if (byte === LF || byte === VT || byte === FF) return 1;
  if (byte === CR) return at + 1 < to && view[at + 1] === LF ? 2 : 1;
  if (byte === C2) return at + 1 < to && view[at + 1] === 0x85 ? 2 : 0;
  if (byte === E2) return at + 2 < to && view[at + 1] === 0x80 && (view[at + 2] === 0xa8 || view[at + 2] === 0xa9) ? 3 : 0;
  return 0;
}

/** Offset of the first break at or after `from` (before `to`), or -1. */
export function nextBreak(view: Buffer, from: number, to: number): number {
  for (let at = from; at < to; at += 1) {
    const byte = view[at] as number;
    if (byte >= LF && byte <= CR) return at;
    if ((byte === C2 || byte === E2) && breakLength(view, at, to) > 0) return at;
  }
  return -1;
}
