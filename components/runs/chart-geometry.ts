/** A point of the rows/s history, oldest first (`MigrationProgress.throughput`). */
export type ThroughputPoint = { at: string; rowsPerSecond: number };

export type ChartGeometry = {
  /** SVG `points` of the line, in a `width` × `height` box (y grows downwards). */
  line: string;
  /** The same line closed along the bottom edge, for the filled area. */
  area: string;
  /** The top of the y scale: the peak rounded up to a readable value. */
  max: number;
  peak: number;
  latest: number;
  /** Seconds from the first to the last point. */
  spanSeconds: number;
};

/** 1, 2, 5 × 10^n: the smallest such value ≥ n (a y-axis top a person reads at a glance). */
export function niceCeiling(n: number): number {
  if (!Number.isFinite(n) || n <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= n) return step * magnitude;
  return 10 * magnitude;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Lays the history out on time (x: elapsed time, so gaps while paused show as gaps in time, not
 * squeezed) and rate (y: 0 at the bottom, `max` at the top). Null when there are fewer than two points.
 */
export function chartGeometry(points: ThroughputPoint[], width: number, height: number): ChartGeometry | null {
  const parsed = points.map((p) => ({ t: Date.parse(p.at), v: Math.max(0, p.rowsPerSecond) })).filter((p) => Number.isFinite(p.t));
  if (parsed.length < 2) return null;
  const first = parsed[0] as { t: number; v: number };
  const last = parsed[parsed.length - 1] as { t: number; v: number };
  const span = Math.max(1, last.t - first.t);
  const peak = Math.max(...parsed.map((p) => p.v));
  const max = niceCeiling(peak);
  const xy = parsed.map((p) => `${round(((p.t - first.t) / span) * width)},${round(height - (p.v / max) * height)}`);
  return {
    line: xy.join(' '),
    area: [`0,${height}`, ...xy, `${width},${height}`].join(' '),
    max,
    peak,
    latest: last.v,
    spanSeconds: Math.round(span / 1000),
  };
}
