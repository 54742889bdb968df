import type { JsonByteScanner } from './json-byte-scanner';

/** A top-level key sequence seen before: its keys (concatenated, with lengths), each member's rank, and what a caller attached. */
export type TopShape = { count: number; lengths: Int32Array; keys: Uint8Array; order: Int32Array; duplicates: boolean };

/**
 * The order of each top-level shape a writer met: documents of a collection share a few shapes, so their
 * keys are sorted once per shape, not once per document. Shapes are found by a hash of the keys and
 * checked byte for byte.
 */
export class TopShapes {
  private readonly shapes = new Map<number, TopShape[]>();

  /** The shape of members `base … base + count` of `members` (keys in `src`), if seen before. */
  find(hash: number, members: Int32Array, src: Uint8Array, base: number, count: number): TopShape | null {
    const list = this.shapes.get(hash);
    if (!list) return null;
    outer: for (const shape of list) {
      if (shape.count !== count) continue;
      let at = 0;
      for (let i = 0; i < count; i++) {
        const start = members[(base + i) * 4] as number;
        const length = (members[(base + i) * 4 + 1] as number) - start;
        if (length !== shape.lengths[i]) continue outer;
        for (let j = 0; j < length; j++) if (src[start + j] !== shape.keys[at + j]) continue outer;
        at += length;
      }
      return shape;
    }
    return null;
  }

  /** Remembers a new shape: its keys and each member's rank in `order` (absolute member indexes, sorted). */
  remember(hash: number, members: Int32Array, src: Uint8Array, order: Int32Array, base: number, count: number, duplicates: boolean): TopShape {
    const lengths = new Int32Array(count);
    let total = 0;
    for (let i = 0; i < count; i++) total += lengths[i] = (members[(base + i) * 4 + 1] as number) - (members[(base + i) * 4] as number);
    const keys = new Uint8Array(total);
    let at = 0;
    for (let i = 0; i < count; i++) {
      keys.set(src.subarray(members[(base + i) * 4] as number, members[(base + i) * 4 + 1] as number), at);
      at += lengths[i] as number;
    }
    const ranks = new Int32Array(count);
    for (let i = 0; i < count; i++) ranks[i] = (order[i] as number) - base;
    const shape: TopShape = { count, lengths, keys, order: ranks, duplicates };
    if (this.shapes.size > 10_000) this.shapes.clear();
    const list = this.shapes.get(hash);
    if (list) list.push(shape);
    else this.shapes.set(hash, [shape]);
    return shape;
  }
}

export type { JsonByteScanner };
