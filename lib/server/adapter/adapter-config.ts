import { identityOf, recentResult } from '../cache/recent-result';
import type { Db } from '../db/pool';
import { ADAPTER_MODES, type AdapterConfig, type AdapterMode } from '../../shared/contracts/adapter';
import { processState } from './process-state';

export const DEFAULT_ADAPTER_CONFIG: AdapterConfig = { mode: 'legacy', preferNew: true, fallbackEnabled: true };

/** The stored configuration as it is now (no cache): what a switch decides on. */
export async function readAdapterConfig(db: Db): Promise<AdapterConfig> {
  const { rows } = await db.query<{ key: string; value: unknown }>(`SELECT key, value FROM ferry.settings WHERE key IN ('adapter_mode', 'adapter_options')`);
  const mode = rows.find((r) => r.key === 'adapter_mode')?.value;
  const options = (rows.find((r) => r.key === 'adapter_options')?.value ?? {}) as Partial<AdapterConfig>;
  return {
    mode: ADAPTER_MODES.includes(mode as AdapterMode) ? (mode as AdapterMode) : DEFAULT_ADAPTER_CONFIG.mode,
    preferNew: typeof options.preferNew === 'boolean' ? options.preferNew : DEFAULT_ADAPTER_CONFIG.preferNew,
    fallbackEnabled: typeof options.fallbackEnabled === 'boolean' ? options.fallbackEnabled : DEFAULT_ADAPTER_CONFIG.fallbackEnabled,
  };
}

/** Bumped by every change made in this process (shared by every route bundle: process-state.ts). */
const changes = processState('config-changes', () => ({ generation: 0 }));
const shared = recentResult(1000, ({ db }: { db: Db; generation: number }) => readAdapterConfig(db), ({ db, generation: g }) => `${identityOf(db)}/${g}`);

/**
 * The adapter's configuration (`ferry.settings`: `adapter_mode`, default `legacy`, and `adapter_options`),
 * read at most once a second per process: every data request needs it. A change made in this process
 * is seen at once; one made by another process within a second.
 */
export function getAdapterConfig(db: Db): Promise<AdapterConfig> {
  return shared({ db, generation: changes.generation });
}

/** Stores the configuration (one shared-table transaction) and makes this process see it at once. */
export async function writeAdapterConfig(db: Db, config: AdapterConfig, actor: string): Promise<void> {
  await db.query(
    `INSERT INTO ferry.settings (key, value, updated_by) VALUES ('adapter_mode', to_jsonb($1::text), $3), ('adapter_options', $2::jsonb, $3)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now(), updated_by = excluded.updated_by`,
    [config.mode, JSON.stringify({ preferNew: config.preferNew, fallbackEnabled: config.fallbackEnabled }), actor],
  );
  changes.generation += 1;
}
