import { v5 as uuidv5 } from 'uuid';

/**
 * Every row the development seed writes has an id derived (UUID v5) from this namespace and a stable
 * name such as `arctic:lead:7`. The same run always writes the same ids, so seeding is idempotent and
 * its rollback can delete exactly those rows and nothing else.
 */
export const SEED_NAMESPACE = '3f0b6c1e-9a4d-5e27-8c61-2d7f40a9b5e3';

/** The deterministic id of a seeded row, from the parts of its stable name. */
export function seedId(...parts: Array<string | number>): string {
  return uuidv5(parts.join(':'), SEED_NAMESPACE);
}

/** The seed's clock: every timestamp is an offset from this instant, never from `now()`. */
const BASE_MS = Date.UTC(2026, 0, 5, 9, 0, 0);

/** ISO timestamp `days` (fractional allowed) after the seed's base instant. */
export function seedTime(days: number): string {
  return new Date(BASE_MS + Math.round(days * 86_400_000)).toISOString();
}

/** ISO date (YYYY-MM-DD) `days` after the base instant. */
export function seedDate(days: number): string {
  return seedTime(days).slice(0, 10);
}

export type Random = {
  /** A float in [0, 1). */
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
};

/** A small deterministic PRNG (mulberry32): realistic variety, identical on every run. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
  };
}
