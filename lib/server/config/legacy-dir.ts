import path from 'node:path';
import { getEnv, type Env } from './env';

export type LegacySource = { dir: string; isDemo: boolean };

/** The legacy NeDB directory: `LEGACY_DIR`, or the demo store Ferry generates under `DATA_DIR`. */
export function legacySource(env: Env = getEnv()): LegacySource {
  return env.LEGACY_DIR ? { dir: path.resolve(env.LEGACY_DIR), isDemo: false } : { dir: path.join(env.dataDir, 'legacy-demo'), isDemo: true };
}
