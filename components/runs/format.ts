/*
 * Numbers for people, the same on the server and in the browser whatever the locale (no hydration
 * mismatch): `12,345`, `42.5 %`, `1,204 rows/s`, `about 3 min`.
 */

const COUNT = new Intl.NumberFormat('en-US');

/** `12,345`; `—` for a missing value. */
export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : COUNT.format(Math.round(n));
}

/** `42.5 %` (one decimal at most, clamped to 0–100). */
export function formatPercent(p: number): string {
  const clamped = Math.min(100, Math.max(0, Number.isFinite(p) ? p : 0));
  return `${Math.round(clamped * 10) / 10} %`;
}

/** `1,204 rows/s`. */
export function formatRate(rowsPerSecond: number): string {
  return `${formatCount(rowsPerSecond)} rows/s`;
}

/**
 * A remaining time as a person says it: exact while short, rounded when long — `8 s`, `about 2 min`,
 * `about 1 h 20 min`, `about 3 days`; `—` when unknown.
 */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `about ${Math.round(s / 60)} min`;
  if (s < 86_400) {
    const minutes = Math.round(s / 60);
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m === 0 ? `about ${h} h` : `about ${h} h ${m} min`;
  }
  const days = Math.round(s / 86_400);
  return `about ${days} day${days === 1 ? '' : 's'}`;
}

/** `3 of 10` as a fraction `0.3`, safe for a zero total (0, or 1 when both are zero and `isDone`). */
export function ratio(processed: number, total: number, isDone = false): number {
  if (total <= 0) return isDone ? 1 : 0;
  return Math.min(1, Math.max(0, processed / total));
}

/** `1 record`, `2,426 records`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 ? word : many}`;
}
