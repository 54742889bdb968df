/**
 * A small deterministic PRNG (mulberry32) with the helpers the demo generator needs. The same seed
 * always gives the same sequence on every platform (32-bit integer arithmetic only), which is what
 * makes the generated legacy store byte-identical from run to run. Not for anything secret.
 */
export type SeededRandom = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** `count` distinct elements (all of them if the list is shorter), in list order. */
  sample<T>(items: readonly T[], count: number): T[];
  /** A NeDB-looking id: 16 characters of [A-Za-z0-9], like `customUtils.uid(16)`. */
  id(): string;
  /** `length` characters from `alphabet`. */
  chars(alphabet: string, length: number): string;
  /** A Date between `from` and `to` (ms since epoch), rounded to the second. */
  date(from: number, to: number): Date;
  /** A number with two decimals in [min, max]. */
  amount(min: number, max: number): number;
};

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Create a generator from a seed (any number; it is reduced to 32 bits).
 * Invariant: the output depends only on the seed and the sequence of calls.
 */
export function createSeededRandom(seed: number): SeededRandom {
  let state = Math.trunc(seed) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick() from an empty list');
    return items[int(0, items.length - 1)] as T;
  };
  const chars = (alphabet: string, length: number): string => {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet.charAt(int(0, alphabet.length - 1));
    return out;
  };
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick,
    sample: (items, count) => {
      const chosen = new Set<number>();
      const wanted = Math.min(count, items.length);
      while (chosen.size < wanted) chosen.add(int(0, items.length - 1));
      return [...chosen].sort((a, b) => a - b).map((index) => items[index] as (typeof items)[number]);
    },
    id: () => chars(ID_ALPHABET, 16),
    chars,
    date: (from, to) => new Date(Math.floor(int(from, to) / 1000) * 1000),
    amount: (min, max) => Math.round((min + next() * (max - min)) * 100) / 100,
  };
}
