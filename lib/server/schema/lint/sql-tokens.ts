/**
 * A small PostgreSQL lexer for the Nile linter: enough to tell keywords from the contents of strings,
 * comments and quoted identifiers, and to split a script into statements. It does not validate SQL.
 */

/** `word`: unquoted identifier or keyword (value lower-cased); `ident`: "quoted" identifier (value exact). */
export type TokenKind = 'word' | 'ident' | 'string' | 'number' | 'param' | 'punct';

export type Token = { kind: TokenKind; value: string; start: number; end: number };

export type SqlStatement = {
  tokens: Token[];
  /** The statement's original text (comments inside it included), without the terminating `;`. */
  text: string;
};

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DIGIT = /[0-9]/;
const OPERATOR = /[+\-*/<>=~!@#%^&|`?]/;
const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

/** Index just past a quoted run starting at `from` (the opening quote); doubled quotes escape. */
function skipQuoted(sql: string, from: number, quote: string, backslashEscapes: boolean): number {
  let i = from + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === '\\') {
      i += 2;
    } else if (c === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i += 1;
    }
  }
  return sql.length; // unterminated: the rest is the literal
}

function skipBlockComment(sql: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth += 1;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else {
      i += 1;
    }
  }
  return sql.length;
}

/**
 * Splits SQL into tokens, dropping whitespace and comments (`--`, nested `/* *\/`). String constants
 * ('…', E'…', $tag$…$tag$, B'…', X'…', N'…', U&'…') become one `string` token, so a keyword inside
 * one is never mistaken for SQL. Never throws: unterminated constructs run to the end of the input.
 */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, value: string, start: number, end: number) => tokens.push({ kind, value, start, end });
  while (i < sql.length) {
    const c = sql[i] as string;
    const start = i;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const newline = sql.indexOf('\n', i);
      i = newline === -1 ? sql.length : newline + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      i = skipBlockComment(sql, i);
    } else if (c === "'") {
      i = skipQuoted(sql, i, "'", false);
      push('string', sql.slice(start, i), start, i);
    } else if (c === '"') {
      i = skipQuoted(sql, i, '"', false);
      push('ident', sql.slice(start + 1, i - 1).replace(/""/g, '"'), start, i);
    } else if ((c === 'u' || c === 'U') && sql[i + 1] === '&' && (sql[i + 2] === "'" || sql[i + 2] === '"')) {
      const quote = sql[i + 2] as string;
      i = skipQuoted(sql, i + 2, quote, false);
      push(quote === "'" ? 'string' : 'ident', sql.slice(start, i), start, i);
    } else if (/[eEbBxXnN]/.test(c) && sql[i + 1] === "'" && !WORD_PART.test(sql[i - 1] ?? ' ')) {
      i = skipQuoted(sql, i + 1, "'", c === 'e' || c === 'E');
      push('string', sql.slice(start, i), start, i);
    } else if (c === '$') {
      const tag = DOLLAR_TAG.exec(sql.slice(i, i + 200));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        i = close === -1 ? sql.length : close + tag[0].length;
        push('string', sql.slice(start, i), start, i);
      } else {
        i += 1;
        while (i < sql.length && DIGIT.test(sql[i] as string)) i += 1;
        push('param', sql.slice(start, i), start, i);
      }
    } else if (WORD_START.test(c)) {
      while (i < sql.length && WORD_PART.test(sql[i] as string)) i += 1;
      push('word', sql.slice(start, i).toLowerCase(), start, i);
    } else if (DIGIT.test(c) || (c === '.' && DIGIT.test(sql[i + 1] ?? ''))) {
      while (i < sql.length && /[0-9._eE]/.test(sql[i] as string)) i += 1;
      push('number', sql.slice(start, i), start, i);
    } else if (c === ':' && sql[i + 1] === ':') {
      i += 2;
      push('punct', '::', start, i);
    } else if (OPERATOR.test(c)) {
      while (i < sql.length && OPERATOR.test(sql[i] as string) && !sql.startsWith('--', i) && !sql.startsWith('/*', i)) i += 1;
      push('punct', sql.slice(start, i), start, i);
    } else {
      i += 1;
      push('punct', c, start, i);
    }
  }
  return tokens;
}

/** Splits a script into statements at top-level `;` (semicolons inside strings or bodies do not count). */
export function splitStatements(sql: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let current: Token[] = [];
  const flush = () => {
    const first = current[0];
    const last = current.at(-1);
    if (first && last) statements.push({ tokens: current, text: sql.slice(first.start, last.end) });
    current = [];
  };
  for (const token of tokenize(sql)) {
    if (token.kind === 'punct' && token.value === ';') flush();
    else current.push(token);
  }
  flush();
  return statements;
}

/** True when `token` is the unquoted keyword `word` (lower-case). */
export function isWord(token: Token | undefined, word: string): boolean {
  return token?.kind === 'word' && token.value === word;
}

/** True when `token` is the punctuation or operator `value`. */
export function isPunct(token: Token | undefined, value: string): boolean {
  return token?.kind === 'punct' && token.value === value;
}

/** True when the tokens from `at` are the keywords `words`, in order. */
export function isSequence(tokens: Token[], at: number, words: string[]): boolean {
  return words.every((word, k) => isWord(tokens[at + k], word));
}

/** Splits tokens at commas that are not nested in parentheses or brackets. */
export function splitTopLevel(tokens: Token[], separator = ','): Token[][] {
  const parts: Token[][] = [];
  let depth = 0;
  let current: Token[] = [];
  for (const token of tokens) {
    if (token.kind === 'punct' && (token.value === '(' || token.value === '[')) depth += 1;
    if (token.kind === 'punct' && (token.value === ')' || token.value === ']')) depth -= 1;
    if (depth === 0 && isPunct(token, separator)) {
      parts.push(current);
      current = [];
    } else {
      current.push(token);
    }
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** Index of the `)` matching the `(` at `open`, or -1. */
export function matchingParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i += 1) {
    if (isPunct(tokens[i], '(')) depth += 1;
    if (isPunct(tokens[i], ')')) {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}
