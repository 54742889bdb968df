/**
 * Configuration the launcher (`npm start`) decides at start and hands to the code it serves — the
 * embedded database's URLs, the generated session secret, the demo's mapping file — without rewriting
 * `process.env`. Kept on `globalThis` because Next.js loads its own copy of Ferry's modules into the
 * same process; getEnv() overlays it on the parsed environment.
 */
export type RuntimeConfig = {
  /** The runtime role's connection string (the embedded database). */
  databaseUrl?: string;
  /** The owner role's connection string, for DDL. */
  ownerDatabaseUrl?: string;
  databaseKind?: 'embedded' | 'external' | 'nile';
  authSecret?: string;
  mappingFile?: string;
};

const KEY = Symbol.for('ferry.runtime-config');
type Holder = { [KEY]?: { config: RuntimeConfig; version: number } };

/** Adds to the runtime configuration (later values win). */
export function configureRuntime(config: RuntimeConfig): void {
  const holder = globalThis as Holder;
  const current = holder[KEY] ?? { config: {}, version: 0 };
  holder[KEY] = { config: { ...current.config, ...config }, version: current.version + 1 };
}

export function runtimeConfig(): { config: RuntimeConfig; version: number } {
  return (globalThis as Holder)[KEY] ?? { config: {}, version: 0 };
}
