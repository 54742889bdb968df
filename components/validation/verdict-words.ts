import type { ValidationSummary } from '@/lib/shared/contracts/validation';

export type VerdictTone = 'good' | 'bad' | 'warn' | 'info' | 'neutral';

/** A validation's verdict in a few words, and its tone: what every page that shows it says. */
export function verdictWords(v: Pick<ValidationSummary, 'state' | 'overall' | 'progress'> & { counts: { critical: number; warnings: number } | null }): { tone: VerdictTone; title: string; detail: string } {
  if (v.state === 'running') return { tone: 'info', title: 'Validating…', detail: `${v.progress.percentage} % of ${v.progress.total.toLocaleString('en-US')} documents checked` };
  if (v.state === 'failed') return { tone: 'warn', title: 'Validation could not finish', detail: 'Run it again once the cause is fixed.' };
  const critical = v.counts?.critical ?? 0;
  const warnings = v.counts?.warnings ?? 0;
  const warned = warnings > 0 ? ` · ${warnings} warning${warnings === 1 ? '' : 's'} to review` : '';
  if (v.overall) return { tone: 'good', title: 'Safe to proceed', detail: `No critical issue${warned}` };
  return { tone: 'bad', title: 'Not safe to proceed', detail: `${critical} critical issue${critical === 1 ? '' : 's'}${warned}` };
}
