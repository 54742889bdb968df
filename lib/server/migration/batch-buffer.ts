const CHUNK_BYTES = 256 * 1024;

/**
 * The rows of one batch, kept as encoded COPY text in Buffers (outside the JavaScript heap, no
 * per-row strings to collect) plus each row's line and legacy id. Rows end with `\n` and COPY text
 * escapes every newline inside a value, so row boundaries are exactly the `\n` bytes.
 * `documents` keeps the original documents only when they cannot be recovered from the row (typed
 * tables), for the quarantine of rows the database refuses.
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

  push(line: number, legacyId: string, copyText: string, document?: string): void {
    const worst = copyText.length * 3;
    if (this.current.length - this.used < worst) {
      if (this.used > 0) this.chunks.push(this.current.subarray(0, this.used));
      this.current = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, worst));
      this.used = 0;
    }
    const written = this.current.write(copyText, this.used, 'utf8');
    this.used += written;
    this.bytes += written;
    this.lines.push(line);
    this.legacyIds.push(legacyId);
    this.documents?.push(document ?? '');
  }

  /** All rows as one Buffer, ready to stream into COPY. */
  toBuffer(): Buffer {
    const parts = this.used > 0 ? [...this.chunks, this.current.subarray(0, this.used)] : this.chunks;
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, this.bytes);
  }

  /** Each row's COPY bytes (slow path: finding the rows a database refuses). */
  rows(): Buffer[] {
    const all = this.toBuffer();
    const rows: Buffer[] = [];
    let start = 0;
    for (let end = all.indexOf(10); end !== -1; end = all.indexOf(10, start)) {
      rows.push(all.subarray(start, end + 1));
      start = end + 1;
    }
    return rows;
  }

  /** The original document of row `i` (kept, or recovered from the row's `data` column). */
  document(i: number, row: Buffer, dataColumn: number): string {
    const kept = this.documents?.[i];
    if (kept) return kept;
    const field = row.toString('utf8').replace(/\n$/, '').split('\t')[dataColumn] ?? '';
    return field.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
  }
}
