/** Buckets of a legacy id: the code point of its last character, every non-ASCII one in bucket 128. */
export const BUCKETS = 129;

/**
 * The bucket of a legacy id, computed the same way in PostgreSQL by `BUCKET_SQL`. The last character,
 * not the first: ids with a common prefix (sequential ids, `user_…`, the benchmark's) differ first at
 * their end, so the last character spreads them where the first would put them all in one bucket.
 */
export function bucketOf(id: string): number {
  const last = id.charCodeAt(id.length - 1);
  return last < 128 ? last : 128;
}

/**
 * `bucketOf` in SQL over a text column; NULL for NULL (a row no legacy document claims). Spelled out
 * because `least()` ignores NULL arguments (`least(NULL, 128)` is 128) and `ascii('')` is 0 where
 * `bucketOf('')` is 128.
 */
export const BUCKET_SQL = (column: string) => `CASE WHEN ${column} <> '' THEN least(ascii(right(${column}, 1)), 128) WHEN ${column} = '' THEN 128 END`;

/** The cell of a (tenant index, bucket) pair. */
export function cellKey(tenant: number, bucket: number): number {
  return tenant * BUCKETS + bucket;
}

export function cellTenant(cell: number): number {
  return Math.floor(cell / BUCKETS);
}

export function cellBucket(cell: number): number {
  return cell % BUCKETS;
}

/**
 * Order-independent checksums per cell: the number of documents and the sums modulo 2^32 of the two
 * 32-bit halves of each document's hash. Equal content gives equal cells whatever the order of rows.
 */
export class CellSums {
  private readonly slots = new Map<number, number>();
  private cells = new Float64Array(256);
  private counts = new Float64Array(256);
  private highs = new Uint32Array(256);
  private lows = new Uint32Array(256);

  get size(): number {
    return this.slots.size;
  }

  add(cell: number, high: number, low: number, count = 1): void {
    let slot = this.slots.get(cell);
    if (slot === undefined) {
      slot = this.slots.size;
      if (slot === this.counts.length) this.grow();
      this.slots.set(cell, slot);
      this.cells[slot] = cell;
    }
    this.counts[slot] = (this.counts[slot] as number) + count;
    this.highs[slot] = ((this.highs[slot] as number) + high) >>> 0;
    this.lows[slot] = ((this.lows[slot] as number) + low) >>> 0;
  }

  get(cell: number): { count: number; high: number; low: number } | undefined {
    const slot = this.slots.get(cell);
    if (slot === undefined) return undefined;
    return { count: this.counts[slot] as number, high: this.highs[slot] as number, low: this.lows[slot] as number };
  }

  /** Every cell. */
  keys(): IterableIterator<number> {
    return this.slots.keys();
  }

  /** Documents in all cells. */
  total(): number {
    let sum = 0;
    for (let slot = 0; slot < this.slots.size; slot++) sum += this.counts[slot] as number;
    return sum;
  }

  private grow(): void {
    const size = this.counts.length * 2;
    const grow64 = (old: Float64Array) => {
      const next = new Float64Array(size);
      next.set(old);
      return next;
    };
    const grow32 = (old: Uint32Array) => {
      const next = new Uint32Array(size);
      next.set(old);
      return next;
    };
    this.cells = grow64(this.cells);
    this.counts = grow64(this.counts);
    this.highs = grow32(this.highs);
    this.lows = grow32(this.lows);
  }
}

/** The cells whose count or sums differ between two sides (a cell missing on one side counts as empty). */
export function differingCells(legacy: CellSums, target: CellSums): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  for (const cell of legacy.keys()) {
    seen.add(cell);
    const a = legacy.get(cell);
    const b = target.get(cell);
    if (!b || a?.count !== b.count || a.high !== b.high || a.low !== b.low) out.push(cell);
  }
  for (const cell of target.keys()) {
    if (seen.has(cell)) continue;
    if ((target.get(cell)?.count ?? 0) > 0) out.push(cell);
  }
  return out;
}
