import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { AppError } from '../../shared/errors';
import { MappingFileSchema, type MappingConfig } from './mapping-schema';

export type MappingSource = { file: string | null; config: MappingConfig };

/**
 * Turns a TypeScript mapping file into its default export. The file is data: types may be imported
 * (they are erased), but no runtime import or require is available, and it runs in an empty context.
 */
function evaluateTypeScript(file: string, code: string): unknown {
  // esbuild ships with tsx; loaded lazily so only TypeScript mappings pay for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const js = esbuild.transformSync(code, { loader: 'ts', format: 'cjs', sourcefile: file }).code;
  const sandboxModule = { exports: {} as Record<string, unknown> };
  const requireForbidden = (name: string) => {
    throw new Error(`mapping files may only import types, not "${name}"`);
  };
  vm.runInNewContext(js, { module: sandboxModule, exports: sandboxModule.exports, require: requireForbidden }, { filename: file, timeout: 1000 });
  return sandboxModule.exports.default ?? sandboxModule.exports;
}

/** The last load of each mapping file, by path, with the size and modification time it had. */
const loaded = new Map<string, { size: number; mtimeMs: number; source: MappingSource }>();

/**
 * Reads and validates a mapping file (JSON, or TypeScript with a default export). Every mistake is
 * reported with its path in one `bad_request` error, e.g. `collections.leads.columns.email.type`.
 * Loaded once and kept while the file keeps its size and modification time (a status page polling
 * every few seconds must not compile a TypeScript mapping each time); a changed file is read again.
 */
export function loadMappingFile(file: string): MappingSource {
  const absolute = path.resolve(file);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(absolute);
  } catch {
    stat = undefined; // reported by the read below, with its reason
  }
  const known = loaded.get(absolute);
  if (stat && known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) return known.source;
  const source = readMappingFile(absolute);
  if (stat) loaded.set(absolute, { size: stat.size, mtimeMs: stat.mtimeMs, source });
  return source;
}

function readMappingFile(absolute: string): MappingSource {
  let raw: unknown;
  try {
    const code = fs.readFileSync(absolute, 'utf8');
    raw = /\.(c|m)?ts$/.test(absolute) ? evaluateTypeScript(absolute, code) : JSON.parse(code);
  } catch (error) {
    throw new AppError('bad_request', `Mapping file ${absolute} cannot be read: ${(error as Error).message}`);
  }
  const parsed = MappingFileSchema.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
    throw new AppError('bad_request', `Mapping file ${absolute} has ${details.length} mistake(s): ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, { details });
  }
  return { file: absolute, config: parsed.data };
}
