import fs from 'node:fs';
import path from 'node:path';
import type { Env } from '../server/config/env';
import { configureRuntime } from '../server/config/runtime-config';
import { legacySource } from '../server/config/legacy-dir';
import { generateLegacyStore } from '../server/demo/generate-legacy-store';

/**
 * Without LEGACY_DIR, Ferry works on a generated PenguinMails store under DATA_DIR (written once, by the
 * real NeDB library, with history) and its demo mapping file, unless MAPPING_FILE names another. Returns a line to print, or null when a
 * real legacy directory is configured.
 */
export async function prepareDemoSource(env: Env): Promise<string | null> {
  const source = legacySource(env);
  if (!source.isDemo) return null;
  configureRuntime({ mappingFile: path.join(__dirname, '..', 'server', 'demo', 'penguinmails-mapping.ts') }); // MAPPING_FILE still wins
  if (fs.existsSync(source.dir)) return `legacy source: demo store in ${source.dir}`;
  const summary = await generateLegacyStore(source.dir);
  return `legacy source: generated a demo PenguinMails store (${summary.documentsWritten} documents, ${summary.collections.length} collections) in ${source.dir}`;
}
