import { ratio } from './format';

type Tone = 'brand' | 'good' | 'warn' | 'bad';

const FILL: Record<Tone, string> = {
  brand: 'bg-brand-600',
  good: 'bg-emerald-500',
  warn: 'bg-amber-500',
  bad: 'bg-red-500',
};

/** An accessible bar: `role="progressbar"` with its value, named by `label`. */
export function ProgressBar({ label, value, max = 100, tone = 'brand', size = 'md', testId }: { label: string; value: number; max?: number; tone?: Tone; size?: 'sm' | 'md'; testId?: string }) {
  const width = `${(ratio(value, max) * 100).toFixed(1)}%`;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={Math.min(max, Math.max(0, value))}
      data-testid={testId}
      className={`w-full overflow-hidden rounded-full bg-slate-100 ring-1 ring-inset ring-slate-200 ${size === 'sm' ? 'h-2' : 'h-3'}`}
    >
      <div className={`h-full rounded-full transition-[width] duration-500 ${FILL[tone]}`} style={{ width }} />
    </div>
  );
}
