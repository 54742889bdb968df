import type { Migration } from '../../migrator/types';

/**
 * The cutover's bookkeeping (issue 9), all shared tables in `ferry`, each bounded by the code that
 * writes it:
 * - `adapter_counters`: the query adapter's persisted counters per collection and metric (reads per
 *   store, errors, fallbacks, shadow comparisons and mismatches, noise baseline); processes add their
 *   deltas every few seconds.
 * - `shadow_mismatches`: the last mismatches found by shadow reads (ids and the names of the differing
 *   fields — never values), pruned to the newest thousand.
 * - `health_samples`: the health monitor's history (one row per sample), pruned to a configured count.
 * - `alerts`: alert firings; at most one active (unresolved) alert per rule, enforced by an index.
 * - `status_links`: revocable share links of the stakeholder status page; only the SHA-256 of the
 *   token is stored.
 * The adapter's mode and options live in `ferry.settings` (`adapter_mode`, `adapter_options`).
 */
export const migration: Migration = {
  id: '0008_cutover',
  name: 'Query adapter counters and mismatches, health samples, alerts, status links',
  up: async (db) => {
    await db.query(`CREATE TABLE ferry.adapter_counters (
      collection text        NOT NULL,
      metric     text        NOT NULL,
      value      bigint      NOT NULL DEFAULT 0 CHECK (value >= 0),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (collection, metric)
    )`);
    await db.query(`CREATE TABLE ferry.shadow_mismatches (
      id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at         timestamptz NOT NULL DEFAULT now(),
      kind       text        NOT NULL CHECK (kind IN ('shadow', 'noise')),
      collection text        NOT NULL,
      legacy_id  text        NOT NULL,
      tenant_key text,
      primary_store text     NOT NULL CHECK (primary_store IN ('legacy', 'new')),
      fields     text[]      NOT NULL
    )`);
    await db.query(`CREATE INDEX shadow_mismatches_at ON ferry.shadow_mismatches (at DESC, id DESC)`);
    await db.query(`CREATE TABLE ferry.health_samples (
      id      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at      timestamptz NOT NULL DEFAULT now(),
      metrics jsonb       NOT NULL CHECK (jsonb_typeof(metrics) = 'object')
    )`);
    await db.query(`CREATE INDEX health_samples_at ON ferry.health_samples (at DESC)`);
    await db.query(`CREATE TABLE ferry.alerts (
      id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      rule            text        NOT NULL,
      severity        text        NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
      message         text        NOT NULL,
      fired_at        timestamptz NOT NULL,
      notified_at     timestamptz NOT NULL,
      notifications   integer     NOT NULL DEFAULT 1,
      resolved_at     timestamptz,
      delivery        text        NOT NULL DEFAULT 'none' CHECK (delivery IN ('none', 'pending', 'delivered', 'failed')),
      delivery_attempts integer   NOT NULL DEFAULT 0,
      delivery_error  text
    )`);
    await db.query(`CREATE UNIQUE INDEX alerts_one_active_per_rule ON ferry.alerts (rule) WHERE resolved_at IS NULL`);
    await db.query(`CREATE INDEX alerts_fired ON ferry.alerts (fired_at DESC, id DESC)`);
    await db.query(`CREATE TABLE ferry.status_links (
      id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
      label        text        NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
      token_hash   text        NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
      created_by   text        NOT NULL,
      created_at   timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at   timestamptz
    )`);
  },
  down: async (db) => {
    for (const table of ['status_links', 'alerts', 'health_samples', 'shadow_mismatches', 'adapter_counters']) {
      await db.query(`DROP TABLE ferry.${table}`);
    }
    await db.query(`DELETE FROM ferry.settings WHERE key IN ('adapter_options')`);
  },
};
