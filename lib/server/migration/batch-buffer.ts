const CHUNK_BYTES = 256 * 1024;
/** A big value is escaped and encoded this many characters at a time (bounded temporary strings). */
const SLICE_CHARS = 64 * 1024;
const TAB = 0x09;
const NEWLINE = 0x0a;

/**
 * The rows of one batch, kept as encoded COPY text in Buffers (outside the JavaScript heap, no
 * per-row strings to collect) plus each row's line and legacy id. Rows end with `\n` and COPY text
 * escapes every newline inside a value, so row boundaries are exactly the `\n` bytes, and a row never
 * spans two Buffers.
 * `documents` keeps the original documents only when they cannot be recovered from the row (typed
 * tables), for the quarantine of rows the database refuses.
 * Memory: a row takes its encoded size (reserved exactly for a big row, never 3× its length), and a
 * row given as fields is escaped straight into the batch, so a big value exists once as text and once
 * as encoded bytes, never as an escaped copy or a concatenated row string.
 */
export class BatchBuffer {
  readonly lines: number[] = [];
  readonly legacyIds: string[] = [];
  readonly tenantKey: string | null;
  private readonly documents: string[] | null;
  private chunks: Buffer[] = [];
  private current: Buffer = Buffer.allocUnsafe(0);
  private used = 0;
  bytes = 0;

  constructor(options: { tenantKey: string | null; keepDocuments: boolean }) {
    this.tenantKey = options.tenantKey;
    this.documents = options.keepDocuments ? [] : null;
  }

  get size(): number {
    return this.lines.length;
  }

  get lastLine(): number {
    return this.lines[this.lines.length - 1] ?? 0;
  }

  /** Adds one row: a COPY text line (ending in `\n`), or its fields (`null` for NULL), encoded here. */
  push(line: number, legacyId: string, copy: string | (string | null)[], document?: string): void {
    if (typeof copy === 'string') {
      // Small rows: UTF-8 takes at most 3 bytes per UTF-16 unit; a big one is measured exactly.
      this.reserve(copy.length <= CHUNK_BYTES ? copy.length * 3 : Buffer.byteLength(copy));
      const start = this.used;
      this.used += this.current.write(copy, this.used, 'utf8');
      this.bytes += this.used - start;
    } else {
      this.reserve(fieldsBytes(copy));
      const start = this.used;
      for (let i = 0; i < copy.length; i += 1) {
        if (i > 0) this.current[this.used++] = TAB;
        this.writeField(copy[i] ?? null);
      }
      this.current[this.used++] = NEWLINE;
      this.bytes += this.used - start;
    }
    this.lines.push(line);
    this.legacyIds.push(legacyId);
    this.documents?.push(document ?? '');
  }

  /** All rows as one Buffer, ready to stream into COPY (no copy when the rows fit one Buffer). */
  toBuffer(): Buffer {
    const parts = this.parts();
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, this.bytes);
  }

  /** Each row's COPY bytes (slow path: finding the rows a database refuses), as views: nothing is copied. */
  rows(): Buffer[] {
    const rows: Buffer[] = [];
    for (const part of this.parts()) {
      let start = 0;
      for (let end = part.indexOf(NEWLINE); end !== -1; end = part.indexOf(NEWLINE, start)) {
        rows.push(part.subarray(start, end + 1));
        start = end + 1;
      }
    }
    return rows;
  }

  /** The original document of row `i` (kept, or recovered from the row's `data` column). */
  document(i: number, row: Buffer, dataColumn: number): string {
    const kept = this.documents?.[i];
    if (kept) return kept;
    let start = 0;
    for (let column = 0; column < dataColumn; column += 1) {
      const tab = row.indexOf(TAB, start);
      if (tab === -1) return '';
      start = tab + 1;
    }
    const tab = row.indexOf(TAB, start);
    const field = row.toString('utf8', start, tab === -1 ? row.length - 1 : tab);
    return field.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
  }

  private parts(): Buffer[] {
    return this.used > 0 ? [...this.chunks, this.current.subarray(0, this.used)] : this.chunks;
  }

  /** Room for `bytes` more in `current`: a new Buffer of max(256 KB, bytes) when it lacks it. */
  private reserve(bytes: number): void {
    if (this.current.length - this.used >= bytes) return;
    if (this.used > 0) this.chunks.push(this.current.subarray(0, this.used));
    this.current = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes));
    this.used = 0;
  }

  /**
   * One value in COPY text format (copy-text.ts `copyField`), escaped and encoded a slice at a time
   * (never cutting a surrogate pair), so no escaped copy of a big value is ever made whole.
   */
  private writeField(value: string | null): void {
    if (value === null) {
      this.current[this.used++] = 0x5c; // \N
      this.current[this.used++] = 0x4e;
      return;
    }
    for (let from = 0; from < value.length; ) {
      let to = Math.min(value.length, from + SLICE_CHARS);
      const last = value.charCodeAt(to - 1);
      if (to < value.length && last >= 0xd800 && last <= 0xdbff) to -= 1;
      this.used += this.current.write(escapeCopy(from === 0 && to === value.length ? value : value.slice(from, to)), this.used, 'utf8');
      from = to;
    }
  }
}

function escapeCopy(text: string): string {
  if (!/[\\\n\r\t]/.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

/** Exact encoded size of a row given as fields: UTF-8 bytes, one more per escaped character, tabs, `\n`. */
function fieldsBytes(fields: (string | null)[]): number {
  let total = fields.length; // the tabs between fields and the final newline
  for (const value of fields) {
    if (value === null) {
      total += 2;
      continue;
    }
    total += Buffer.byteLength(value, 'utf8');
    for (let i = 0; i < value.length; i += 1) {
      const c = value.charCodeAt(i);
      if (c === 0x5c || c === 0x0a || c === 0x0d || c === 0x09) total += 1;
    }
  }
  return total;
}
