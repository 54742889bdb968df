/**
 * Text taken from a legacy file into reports (excerpts, reasons, index names) must survive being stored
 * as `jsonb` (a run records its scan's statistics) and shown anywhere: PostgreSQL refuses a NUL
 * character and a lone surrogate in `jsonb` and `text`. `slice` can also cut a surrogate pair in two,
 * and a slice of a 150 MB line would keep the whole line alive (V8 slices share their parent).
 */

const NUL_SYMBOL = '\u2400'; // ␀
const REPLACEMENT = '\ufffd';

/**
 * At most `maxChars` UTF-16 units of `text` (never half a surrogate pair), as a fresh string, with NUL
 * shown as ␀, lone surrogates as U+FFFD and `…` when cut.
 */
export function safeExcerpt(text: string, maxChars: number): string {
  const cut = text.length > maxChars;
  let out = '';
  const limit = Math.min(text.length, maxChars);
  for (let i = 0; i < limit; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 0) out += NUL_SYMBOL;
    else if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      const isPair = next >= 0xdc00 && next <= 0xdfff;
      if (!isPair) out += REPLACEMENT;
      else if (i + 1 < limit) {
        out += String.fromCharCode(code, next);
        i += 1;
      } // else: a pair cut by the limit is left out
    } else if (code >= 0xdc00 && code <= 0xdfff) out += REPLACEMENT;
    else out += String.fromCharCode(code);
  }
  return cut ? `${out}…` : out;
}

/** `text` itself when it holds neither NUL nor a lone surrogate, else a copy with them replaced (any length). */
export function storableText(text: string): string {
  return hasUnstorableChar(text) ? safeExcerpt(text, text.length) : text;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when `text` holds a NUL character or a lone surrogate (what PostgreSQL cannot store exactly). */
export function hasUnstorableChar(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}

/**
 * Why PostgreSQL would refuse this JSON text as `jsonb`, as far as escapes go: a `\u0000` escape
 * ("unsupported Unicode escape sequence") or a `\uD800`–`\uDFFF` escape not part of a pair. Raw NUL
 * and raw lone surrogates cannot occur in JSON decoded from UTF-8 nor in JSON.stringify's output.
 * Only texts holding `\u` need a look. Returns undefined when the text is storable.
 */
export function unstorableEscape(json: string): string | undefined {
  if (!json.includes('\\u')) return undefined;
  for (let at = json.indexOf('\\'); at !== -1; at = json.indexOf('\\', at)) {
    if (json.charCodeAt(at + 1) !== 117 /* u */) {
      at += 2; // an escape of one character (\\ \" \n …): skip it whole, so \\u is not read as \u
      continue;
    }
    const code = hexAt(json, at + 2);
    if (code === 0) return 'a NUL character (\\u0000), which PostgreSQL cannot store in text or jsonb';
    if (code >= 0xd800 && code <= 0xdbff) {
      const low = json.charCodeAt(at + 6) === 92 && json.charCodeAt(at + 7) === 117 ? hexAt(json, at + 8) : -1;
      if (low >= 0xdc00 && low <= 0xdfff) {
        at += 12;
        continue;
      }
      return `a lone surrogate (\\u${code.toString(16)}), which PostgreSQL cannot store in jsonb`;
    }
    if (code >= 0xdc00 && code <= 0xdfff) return `a lone surrogate (\\u${code.toString(16)}), which PostgreSQL cannot store in jsonb`;
    at += 6;
  }
  return undefined;
}

function hexAt(text: string, at: number): number {
  const value = Number.parseInt(text.slice(at, at + 4), 16);
  return Number.isNaN(value) ? -1 : value;
}

/** Why PostgreSQL would refuse a raw string value (`text` refuses NUL; a lone surrogate would silently become U+FFFD). */
export function unstorableChar(text: string): string | undefined {
  if (text.includes('\u0000')) return 'a NUL character (\\u0000), which PostgreSQL cannot store in text or jsonb';
  if (LONE_SURROGATE.test(text)) return 'a lone surrogate, which PostgreSQL cannot store as it is (it would become U+FFFD)';
  return undefined;
}

/** PostgreSQL's `numeric` (what `jsonb` numbers are): at most 131,072 digits before the point, 16,383 after. */
const NUMERIC_MAX_WEIGHT = 131_071;
const NUMERIC_MAX_DSCALE = 16_383;

/**
 * Why PostgreSQL would refuse a number of this JSON text as `jsonb` ("value overflows numeric format"):
 * its leading digit more than 131,071 places before the point (`1e131072`), or more than 16,383 digits
 * after it (`1e-16384`, `1.5e-16383`) — the limits numeric_in/make_result apply. JavaScript reads such
 * numbers as Infinity or 0, but Ferry stores the record's own text. A character scan, only for texts
 * that hold an exponent or are long enough to hold such a number.
 */
export function numericOverflow(json: string): string | undefined {
  if (json.length <= NUMERIC_MAX_DSCALE && !/\d[eE]/.test(json)) return undefined;
  let inString = false;
  for (let at = 0; at < json.length; at += 1) {
    const c = json.charCodeAt(at);
    if (inString) {
      if (c === 92) at += 1;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    if (c !== 45 && (c < 48 || c > 57)) continue;
    const start = at;
    if (c === 45) at += 1;
    const intStart = at;
    while (isDigit(json.charCodeAt(at))) at += 1;
    const intDigits = json.slice(intStart, at);
    let fracDigits = '';
    if (json.charCodeAt(at) === 46) {
      const fracStart = at + 1;
      at = fracStart;
      while (isDigit(json.charCodeAt(at))) at += 1;
      fracDigits = json.slice(fracStart, at);
    }
    let exponent = 0;
    if (json.charCodeAt(at) === 101 || json.charCodeAt(at) === 69) {
      const expStart = at + 1;
      at = expStart;
      if (json.charCodeAt(at) === 43 || json.charCodeAt(at) === 45) at += 1;
      while (isDigit(json.charCodeAt(at))) at += 1;
      exponent = Number(json.slice(expStart, at));
    }
    at -= 1; // the loop's increment moves past the number
    const dscale = Math.max(0, fracDigits.length - exponent);
    const significantInt = intDigits.replace(/^0+/, '').length;
    const leadingFracZeros = fracDigits.length - fracDigits.replace(/^0+/, '').length;
    const isZero = significantInt === 0 && leadingFracZeros === fracDigits.length;
    const weight = (significantInt > 0 ? significantInt - 1 : -(leadingFracZeros + 1)) + exponent;
    if (dscale > NUMERIC_MAX_DSCALE || (!isZero && weight > NUMERIC_MAX_WEIGHT)) {
      return `the number ${safeExcerpt(json.slice(start, at + 1), 40)}, beyond PostgreSQL's numeric range (jsonb cannot store it)`;
    }
  }
  return undefined;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
