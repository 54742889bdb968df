import { z } from 'zod';
import { ALERT_SEVERITIES, type HealthMetric, type HealthMetrics } from '../../shared/contracts/health';

export const METRIC_NAMES = [
  'dbUp', 'dbLatencyMs', 'poolWaiting', 'poolTotal', 'connections', 'workersAlive', 'workersLate', 'runActive', 'runLoading',
  'runLoadingSeconds', 'rowsPerSecond', 'expectedRowsPerSecond', 'throughputRatio', 'legacyReadable', 'diskFreeBytes', 'diskFreeRatio',
  'validationCritical', 'validationFailed', 'shadowCompared', 'shadowMismatchRate', 'adapterErrorRate',
] as const satisfies readonly HealthMetric[];

const ComparisonSchema = z.strictObject({
  metric: z.enum(METRIC_NAMES),
  op: z.enum(['>', '>=', '<', '<=', '==', '!=']),
  value: z.number().finite(),
});
export type Comparison = z.infer<typeof ComparisonSchema>;
export type Condition = Comparison | { all: Condition[] } | { any: Condition[] };

/** A declarative condition over the sampled metrics: a comparison, or `all` / `any` of conditions. Never code. */
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([ComparisonSchema, z.strictObject({ all: z.array(ConditionSchema).min(1).max(20) }), z.strictObject({ any: z.array(ConditionSchema).min(1).max(20) })]),
);

/** Seed 003's alert rule shape, with a declarative condition. `{{metric}}` in the message is replaced by its value. */
export const AlertRuleSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
  condition: ConditionSchema,
  severity: z.enum(ALERT_SEVERITIES),
  message: z.string().min(1).max(500),
  cooldownMs: z.number().int().min(1000).max(7 * 24 * 3600 * 1000),
});
export type AlertRule = z.infer<typeof AlertRuleSchema>;

/**
 * Whether a condition holds for a sample. A comparison with a metric the sample lacks (a disk that
 * could not be measured) is false: an alert needs evidence.
 */
export function holds(condition: Condition, metrics: Partial<HealthMetrics>): boolean {
  if ('all' in condition) return condition.all.every((c) => holds(c, metrics));
  if ('any' in condition) return condition.any.some((c) => holds(c, metrics));
  const value = metrics[condition.metric];
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  switch (condition.op) {
    case '>': return value > condition.value;
    case '>=': return value >= condition.value;
    case '<': return value < condition.value;
    case '<=': return value <= condition.value;
    case '==': return value === condition.value;
    case '!=': return value !== condition.value;
  }
}

function formatMetric(name: HealthMetric, value: number | undefined): string {
  if (value === undefined) return 'unknown';
  if (name.endsWith('Rate') || name.endsWith('Ratio')) return `${(value * 100).toFixed(2).replace(/\.?0+$/, '')}%`;
  if (name === 'diskFreeBytes') return `${(value / 1024 ** 3).toFixed(1)} GB`;
  return String(Math.round(value * 10) / 10);
}

/** The rule's message with `{{metric}}` placeholders filled from the sample (numbers only). */
export function renderMessage(rule: AlertRule, metrics: Partial<HealthMetrics>): string {
  return rule.message.replace(/\{\{\s*([A-Za-z]+)\s*\}\}/g, (whole, name: string) =>
    (METRIC_NAMES as readonly string[]).includes(name) ? formatMetric(name as HealthMetric, metrics[name as HealthMetric]) : whole);
}
