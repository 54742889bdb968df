import { locks } from '../db/advisory-locks';
import { withExclusive } from '../db/exclusive';
import type { Db } from '../db/pool';
import { getLogger } from '../log/logger';
import type { MigrationSource } from '../migration/migration-source';
import { AppError } from '../../shared/errors';
import type { AdapterConfig, SetModeInput } from '../../shared/contracts/adapter';
import { readAdapterConfig, writeAdapterConfig } from './adapter-config';
import { flushAdapterCounters, resetAdapterCounters } from './adapter-metrics';
import { checkPromotion } from './check-promotion';
import { measureNoiseBaseline } from './measure-noise';

export type SetModeOptions = {
  /** Where the legacy store is, for the noise baseline measured when hybrid starts (skipped without it). */
  source?: MigrationSource;
  /** Waits for the noise baseline instead of measuring it in the background (tests, the CLI). */
  awaitBaseline?: boolean;
};

/**
 * `PUT /api/migration/mode`: switches where reads go. Promotion to `new` passes the gate first
 * (check-promotion.ts) and is refused with `conflict` and every reason otherwise; going back to `legacy`
 * or `hybrid` is always allowed (a rollback calls this with `legacy`). Entering `hybrid` from another
 * mode starts a new observation period: the counters restart and the noise baseline is measured.
 * Switches are serialized across processes (concurrent requests see each other's result), and asking
 * for the mode already set is a no-op.
 * @throws AppError `conflict` when promotion is refused (`details.reasons`).
 */
export function setAdapterMode(db: Db, input: SetModeInput, actor: string, options: SetModeOptions = {}): Promise<AdapterConfig> {
  return withExclusive(db, locks.adapterMode(), () => switchMode(db, input, actor, options));
}

async function switchMode(db: Db, input: SetModeInput, actor: string, options: SetModeOptions): Promise<AdapterConfig> {
  const current = await readAdapterConfig(db);
  const next: AdapterConfig = {
    mode: input.mode,
    preferNew: input.preferNew ?? current.preferNew,
    fallbackEnabled: input.fallbackEnabled ?? current.fallbackEnabled,
  };
  // Asking for what is already set changes nothing: no counters reset, no second baseline, no write.
  if (next.mode === current.mode && next.preferNew === current.preferNew && next.fallbackEnabled === current.fallbackEnabled) return current;
  if (next.mode === 'new' && current.mode !== 'new') {
    await flushAdapterCounters(db);
    const check = await checkPromotion(db);
    if (!check.allowed) throw new AppError('conflict', `Promotion to "new" refused: ${check.reasons.join(' ')}`, { details: { reasons: check.reasons } });
  }
  const entersHybrid = next.mode === 'hybrid' && current.mode !== 'hybrid';
  if (entersHybrid) await resetAdapterCounters(db);
  await writeAdapterConfig(db, next, actor);
  if (entersHybrid && options.source) {
    const baseline = measureNoiseBaseline(db, options.source).then(() => flushAdapterCounters(db));
    if (options.awaitBaseline) await baseline;
    else baseline.catch((error: unknown) => getLogger().warn({ err: error }, 'noise baseline not measured'));
  }
  return next;
}
