import type { HealthHistory, HealthMetric } from '@/lib/shared/contracts/health';
import { formatCount } from '../runs/format';
import { MetricChart } from './metric-chart';

const CHARTS: { metric: HealthMetric; title: string; format: (n: number) => string; scale?: number }[] = [
  { metric: 'dbLatencyMs', title: 'Database latency', format: (n) => `${Math.round(n * 10) / 10} ms` },
  { metric: 'rowsPerSecond', title: 'Load rate', format: (n) => `${formatCount(n)} rows/s` },
  { metric: 'connections', title: 'Connections', format: (n) => formatCount(n) },
  { metric: 'poolWaiting', title: 'Pool: waiting for a connection', format: (n) => formatCount(n) },
  { metric: 'workersAlive', title: 'Workers alive', format: (n) => formatCount(n) },
  { metric: 'shadowMismatchRate', title: 'Shadow mismatch rate', format: (n) => `${Math.round(n * 100) / 100} %`, scale: 100 },
  { metric: 'diskFreeRatio', title: 'Disk free', format: (n) => `${Math.round(n * 10) / 10} %`, scale: 100 },
];

/** Small charts of the monitor's samples: one per metric an on-call engineer watches. */
export function HealthCharts({ samples }: { samples: HealthHistory['samples'] }) {
  return (
    <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3" data-testid="health-charts">
      {CHARTS.map((c) => (
        <MetricChart
          key={c.metric}
          title={c.title}
          format={c.format}
          testId={`chart-${c.metric}`}
          points={samples.flatMap((s) => {
            const value = s.metrics[c.metric];
            return typeof value === 'number' ? [{ at: s.at, value: value * (c.scale ?? 1) }] : [];
          })}
        />
      ))}
    </div>
  );
}
