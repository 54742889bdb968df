import path from 'node:path';
import { z } from 'zod';
import { runtimeConfig } from './runtime-config';

const optionalText = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().optional());
const flag = z.preprocess((v) => (typeof v === 'string' ? ['1', 'true', 'yes', 'on'].includes(v.toLowerCase()) : v), z.boolean());

/**
 * Every environment variable Ferry reads, parsed once. The README's configuration table mirrors this
 * schema; add a variable here and there together.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  FERRY_ENV: optionalText,
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./.ferry'),
  DATABASE_URL: optionalText,
  DATABASE_OWNER_URL: optionalText,
  NILEDB_USER: optionalText,
  NILEDB_PASSWORD: optionalText,
  NILEDB_POSTGRES_URL: optionalText,
  NILEDB_API_URL: optionalText,
  NILEDB_TLS: flag.default(true),
  FERRY_NILE_EMULATION: flag.optional(),
  FERRY_NILE_STRICT: flag.default(false),
  FERRY_DATABASE_KIND: z.enum(['embedded', 'external', 'nile']).optional(),
  LEGACY_DIR: optionalText,
  MAPPING_FILE: optionalText,
  QUEUE_DATABASE_URL: optionalText,
  FERRY_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(2000),
  FERRY_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(3),
  ADMIN_EMAIL: optionalText,
  ADMIN_PASSWORD: optionalText,
  NEXTAUTH_SECRET: optionalText,
  NEXTAUTH_URL: optionalText,
  TRUST_PROXY: flag.default(false),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /** 64 hex characters: the AES-256 key of rollback snapshots (required with an external database). */
  SNAPSHOT_KEY: optionalText.refine((v) => v === undefined || /^[0-9a-fA-F]{64}$/.test(v), 'must be 64 hexadecimal characters (e.g. `openssl rand -hex 32`)'),
  SNAPSHOT_DIR: optionalText,
  FERRY_ADAPTER_SHADOW_SAMPLE: z.coerce.number().min(0).max(1).default(0.1),
  FERRY_ADAPTER_MAX_MISMATCH_RATE: z.coerce.number().min(0).max(1).default(0.01),
  FERRY_HEALTH_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(15),
  FERRY_HEALTH_HISTORY: z.coerce.number().int().min(10).max(100_000).default(1440),
  FERRY_ALERT_RULES_FILE: optionalText,
  ALERT_WEBHOOK_URL: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional()),
});

export type Env = z.infer<typeof EnvSchema> & { dataDir: string };

let parsedEnv: Env | undefined;
let cached: { env: Env; version: number } | undefined;

function parse(): Env {
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}

/**
 * The parsed environment, with what the launcher decided at start (runtime-config.ts) laid over it.
 * Throws one readable error listing every bad variable.
 */
export function getEnv(): Env {
  const runtime = runtimeConfig();
  if (cached && cached.version === runtime.version) return cached.env;
  parsedEnv ??= parse();
  const r = runtime.config;
  const env: Env = {
    ...parsedEnv,
    ...(r.databaseUrl ? { DATABASE_URL: r.databaseUrl } : {}),
    ...(r.ownerDatabaseUrl ? { DATABASE_OWNER_URL: r.ownerDatabaseUrl } : {}),
    ...(r.databaseKind ? { FERRY_DATABASE_KIND: r.databaseKind } : {}),
    ...(r.authSecret && !parsedEnv.NEXTAUTH_SECRET ? { NEXTAUTH_SECRET: r.authSecret } : {}),
    ...(r.mappingFile && !parsedEnv.MAPPING_FILE ? { MAPPING_FILE: r.mappingFile } : {}),
  };
  cached = { env, version: runtime.version };
  return env;
}

/** Forget the parsed environment (tests that change process.env). */
export function resetEnvCache(): void {
  parsedEnv = undefined;
  cached = undefined;
}

/** True when this target must be treated as production: seeding and other development helpers refuse. */
export function isProduction(env: Env = getEnv()): boolean {
  return env.NODE_ENV === 'production' || env.FERRY_ENV === 'production';
}
