import type { Db } from '../db/pool';
import { getEnv } from '../config/env';
import { ACTIVE_RUN_STATES } from '../../shared/run-states';
import type { PromotionCheck } from '../../shared/contracts/adapter';
import { readLatestValidation } from './latest-validation';
import { readStoredCounters, rateOf } from './stored-counters';

const percent = (rate: number) => `${(rate * 100).toFixed(2).replace(/\.?0+$/, '')}%`;

/**
 * Whether the adapter may be promoted to `new` now, and every reason it may not: a run still active; no
 * validation, one still running, one that could not finish, one with critical issues, or one older than
 * the last run; or shadow reads (above their noise baseline) disagreeing more than
 * FERRY_ADAPTER_MAX_MISMATCH_RATE.
 */
export async function checkPromotion(db: Db, maxMismatchRate = getEnv().FERRY_ADAPTER_MAX_MISMATCH_RATE): Promise<PromotionCheck> {
  const reasons: string[] = [];
  const [validation, runs, counters] = await Promise.all([
    readLatestValidation(db),
    db.query<{ state: string; finished: Date | null; active: boolean }>(
      `SELECT state, finished_at AS finished, state = ANY($1) AS active FROM ferry.migration_runs ORDER BY created_at DESC LIMIT 1`, [ACTIVE_RUN_STATES]),
    readStoredCounters(db),
  ]);
  const run = runs.rows[0];
  if (run?.active) reasons.push(`A migration run is ${run.state.replace('_', ' ')}: wait until it finishes.`);
  if (!validation) reasons.push('No validation has run yet: validate the migration first.');
  else if (validation.state === 'running') reasons.push('The latest validation is still running.');
  else if (validation.state === 'error') reasons.push('The latest validation could not finish: run it again.');
  else if (validation.critical > 0 || validation.state === 'failed') reasons.push(`The latest validation found ${validation.critical} critical issue(s).`);
  else if (run?.finished && validation.at && new Date(validation.at) < run.finished) reasons.push('The latest validation is older than the last run: validate again.');
  const total = counters.total;
  const shadowRate = rateOf(total.get('shadow.mismatched'), total.get('shadow.compared'));
  const noiseRate = rateOf(total.get('noise.mismatched'), total.get('noise.compared'));
  if (shadowRate - noiseRate > maxMismatchRate) {
    reasons.push(`Shadow reads disagree on ${percent(shadowRate)} of compared documents (noise ${percent(noiseRate)}), above the ${percent(maxMismatchRate)} threshold.`);
  }
  return {
    allowed: reasons.length === 0,
    reasons,
    validation: validation ? { state: validation.state, critical: validation.critical, at: validation.at } : null,
  };
}
