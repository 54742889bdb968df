import { z } from 'zod';

export const ADAPTER_MODES = ['legacy', 'hybrid', 'new'] as const;
export type AdapterMode = (typeof ADAPTER_MODES)[number];

/** Seed 004's QueryAdapterService config: where reads go, which store hybrid asks first, and whether it falls back. */
export type AdapterConfig = { mode: AdapterMode; preferNew: boolean; fallbackEnabled: boolean };

/** `PUT /api/migration/mode`. */
export const SetModeInputSchema = z.strictObject({
  mode: z.enum(ADAPTER_MODES),
  preferNew: z.boolean().optional(),
  fallbackEnabled: z.boolean().optional(),
});
export type SetModeInput = z.infer<typeof SetModeInputSchema>;

const collectionName = z.string().min(1).max(200).refine((s) => !s.includes('\u0000'), 'must not contain NUL');
const tenantKey = z.string().min(1).max(200).optional();

/** `GET /api/data/<collection>/<legacyId>?tenant=`. */
export const DocumentParamsSchema = z.object({ collection: collectionName, legacyId: z.string().min(1).max(512) });
export const DocumentQuerySchema = z.strictObject({ tenant: tenantKey });
/** `GET /api/data/<collection>?tenant=&limit=&after=`. */
export const PageQuerySchema = z.strictObject({
  tenant: tenantKey,
  limit: z.coerce.number().int().min(1).max(500).default(50),
  after: z.string().min(1).max(512).optional(),
});
export type PageQuery = z.input<typeof PageQuerySchema>;

export type StoreName = 'legacy' | 'new';
export type DocumentAnswer = { source: StoreName; fallback: boolean; document: Record<string, unknown> };
export type PageAnswer = { items: Record<string, unknown>[]; next: string | null; source: StoreName; fallback: boolean };

export type Latency = { p50: number | null; p95: number | null; samples: number };

/** One recorded shadow-read mismatch: ids and the names of the differing fields, never values. */
export type ShadowMismatch = { at: string; kind: 'shadow' | 'noise'; collection: string; legacyId: string; tenantKey: string | null; primary: StoreName; fields: string[] };

/** Why promotion to `new` is (not) allowed now. */
export type PromotionCheck = { allowed: boolean; reasons: string[]; validation: { state: string; critical: number; at: string | null } | null };

/** Seed 004's `getSystemStats()`: the adapter's mode and what it has seen. */
export type AdapterStats = AdapterConfig & {
  records: { legacy: number; new: number };
  reads: { legacy: number; new: number };
  errors: { legacy: number; new: number };
  /** errors / reads over both stores (0 before any read). */
  errorRate: number;
  fallbacks: number;
  shadow: { compared: number; mismatched: number; rate: number };
  /** Legacy compared with itself when hybrid starts: what a mismatch rate of "nothing is wrong" looks like. */
  noise: { compared: number; mismatched: number; rate: number };
  /** 1 − (shadow rate − noise rate), clamped to [0, 1]. */
  consistencyRate: number;
  /** The promotion gate's threshold on the shadow mismatch rate (above the noise). */
  maxMismatchRate: number;
  shadowSample: number;
  latency: { legacy: Latency; new: Latency };
  collections: { collection: string; reads: number; fallbacks: number; compared: number; mismatched: number }[];
  recentMismatches: ShadowMismatch[];
  promotion: PromotionCheck;
};

/** Seed 004's `healthCheck()`: whether each store can answer. */
export type AdapterHealth = { legacy: { healthy: boolean; detail: string }; new: { healthy: boolean; detail: string } };
