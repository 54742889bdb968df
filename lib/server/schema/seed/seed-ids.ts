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
