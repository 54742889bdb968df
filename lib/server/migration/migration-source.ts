import { getEnv, type Env } from '../config/env';
import { legacySource } from '../config/legacy-dir';
import { loadMappingFile, type MappingSource } from '../mapping/load-mapping';
import { DEFAULT_MAPPING } from '../mapping/mapping-schema';

export type MigrationSource = { legacyDir: string; mapping: MappingSource };

/**
 * What a migration reads: the legacy directory (`LEGACY_DIR`, or the generated demo store) and the
 * mapping (`MAPPING_FILE`, else the zero-config default). Throws `bad_request` for an invalid mapping.
 */
export function migrationSource(env: Env = getEnv()): MigrationSource {
  const mapping = env.MAPPING_FILE ? loadMappingFile(env.MAPPING_FILE) : { file: null, config: DEFAULT_MAPPING };
  return { legacyDir: legacySource(env).dir, mapping };
}
