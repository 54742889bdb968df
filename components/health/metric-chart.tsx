import { chartGeometry } from '../runs/chart-geometry';

const WIDTH = 300;
const HEIGHT = 60;

export type MetricPoint = { at: string; value: number };

/**
 * One metric of the monitor's history as a small inline SVG (the geometry of the throughput chart):
 * the line over time, the scale's top, and the latest value in words (its accessible name says it too).
 */
export function MetricChart({ title, points, format, testId }: { title: string; points: MetricPoint[]; format: (n: number) => string; testId: string }) {
  const g = chartGeometry(points.map((p) => ({ at: p.at, rowsPerSecond: p.value })), WIDTH, HEIGHT);
  return (
    <figure className="rounded-md bg-white p-3 ring-1 ring-slate-200" data-testid={testId}>
      <figcaption className="flex items-baseline justify-between gap-2 text-xs text-slate-600">
        <span className="font-medium text-slate-800">{title}</span>
        <span className="tabular-nums" data-testid={`${testId}-latest`}>{g ? format(g.latest) : points.length === 1 ? format(points[0]?.value ?? 0) : '—'}</span>
      </figcaption>
      {g ? (
        <svg role="img" aria-label={`${title}: latest ${format(g.latest)}, peak ${format(g.peak)} over ${g.spanSeconds} s`} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" className="mt-2 h-14 w-full rounded bg-slate-50">
          <polygon points={g.area} className="fill-brand-50" />
          <polyline points={g.line} fill="none" className="stroke-brand-600" strokeWidth="2" strokeLinejoin="round" vectorEffect="non-scaling-stroke" />
        </svg>
      ) : (
        <p className="mt-2 h-14 text-xs text-slate-400">Appears after two samples.</p>
      )}
      {g && <p className="mt-1 text-[10px] text-slate-400">scale 0 – {format(g.max)} · {g.spanSeconds} s</p>}
    </figure>
  );
}
