import { chartGeometry, type ThroughputPoint } from './chart-geometry';
import { formatCount, formatRate } from './format';

const WIDTH = 600;
const HEIGHT = 120;

/**
 * Rows per second over the run, as a small inline SVG (no chart library): the line over elapsed time,
 * the y scale's top and the latest value. Its accessible name says the peak and the latest rate.
 */
export function ThroughputChart({ points }: { points: ThroughputPoint[] }) {
  const g = chartGeometry(points, WIDTH, HEIGHT);
  if (!g) {
    return <p className="text-sm text-slate-500" data-testid="throughput-empty">The chart appears once the run has loaded a few batches.</p>;
  }
  const label = `Rows per second over ${g.spanSeconds} s: peak ${formatRate(g.peak)}, latest ${formatRate(g.latest)}.`;
  return (
    <figure data-testid="throughput-chart">
      <div className="flex gap-2">
        <div className="flex flex-col justify-between py-0.5 text-right font-mono text-[10px] text-slate-500" aria-hidden="true">
          <span>{formatCount(g.max)}</span>
          <span>0</span>
        </div>
        <svg role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" className="h-32 w-full rounded bg-slate-50 ring-1 ring-slate-200">
          <line x1="0" x2={WIDTH} y1={HEIGHT / 2} y2={HEIGHT / 2} className="stroke-slate-200" strokeDasharray="4 4" vectorEffect="non-scaling-stroke" />
          <polygon points={g.area} className="fill-brand-50" />
          <polyline points={g.line} fill="none" className="stroke-brand-600" strokeWidth="2" strokeLinejoin="round" vectorEffect="non-scaling-stroke" />
        </svg>
      </div>
      <figcaption className="mt-1 flex flex-wrap justify-between gap-x-4 text-xs text-slate-500">
        <span>rows/s over the last {g.spanSeconds} s</span>
        <span>peak {formatRate(g.peak)} · latest {formatRate(g.latest)}</span>
      </figcaption>
    </figure>
  );
}
