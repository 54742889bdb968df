import type { Migration } from '../../migrator/types';

/*
 * Tenant tables follow Nile's convention (nile.md): `tenant_id uuid NOT NULL REFERENCES tenants (id)`,
 * primary key (tenant_id, id), composite foreign keys between tenant tables. Every table carries
 * `extra jsonb` (legacy fields the mapping leaves unmapped) and `legacy_id` (the source document's id,
 * unique per tenant when present so an importer can upsert on it).
 * The SQL is written out in full in each migration, never built from shared helpers: an applied
 * migration must never change, and a helper edit would change every checksum that used it.
 */

/** Companies, their team members, their settings and their payments: the core of a tenant. */
export const migration: Migration = {
  id: '0001_core_entities',
  name: 'Companies, team members, company settings, payments',
  description: 'The tenant-side core: companies, the users who work in them (team_members → users.users by id, no FK: shared table), one settings row per company, and payments in integer cents.',
  up: async (db) => {
    await db.query(`CREATE TABLE companies (
      tenant_id  uuid        NOT NULL REFERENCES tenants (id),
      id         uuid        NOT NULL DEFAULT gen_random_uuid(),
      name       text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
      website    text        CHECK (website ~* '^https?://'),
      industry   text,
      size       text        CHECK (size IN ('1-10', '11-50', '51-200', '201-1000', '1000+')),
      status     text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
      extra      jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(extra) = 'object'),
      legacy_id  text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`);
    await db.query(`CREATE INDEX companies_tenant_name ON companies (tenant_id, name)`);
    await db.query(`CREATE UNIQUE INDEX companies_tenant_legacy ON companies (tenant_id, legacy_id) WHERE legacy_id IS NOT NULL`);

    await db.query(`CREATE TABLE team_members (
      tenant_id      uuid        NOT NULL REFERENCES tenants (id),
      id             uuid        NOT NULL DEFAULT gen_random_uuid(),
      user_id        uuid        NOT NULL, -- users.users (id): a shared table, so no foreign key (Nile)
      company_id     uuid,
      role           text        NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
      status         text        NOT NULL DEFAULT 'active' CHECK (status IN ('invited', 'active', 'suspended')),
      title          text,
      invited_at     timestamptz,
      joined_at      timestamptz,
      last_active_at timestamptz,
      extra          jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(extra) = 'object'),
      legacy_id      text,
      created_at     timestamptz NOT NULL DEFAULT now(),
      updated_at     timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, user_id),
      FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id)
    )`);
    await db.query(`CREATE INDEX team_members_tenant_company ON team_members (tenant_id, company_id)`);
    await db.query(`CREATE UNIQUE INDEX team_members_tenant_legacy ON team_members (tenant_id, legacy_id) WHERE legacy_id IS NOT NULL`);

    await db.query(`CREATE TABLE company_settings (
      tenant_id          uuid        NOT NULL REFERENCES tenants (id),
      id                 uuid        NOT NULL DEFAULT gen_random_uuid(),
      company_id         uuid        NOT NULL,
      timezone           text        NOT NULL DEFAULT 'UTC' CHECK (length(timezone) BETWEEN 1 AND 64),
      locale             text        NOT NULL DEFAULT 'en-US' CHECK (locale ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
      daily_send_limit   integer     NOT NULL DEFAULT 500 CHECK (daily_send_limit BETWEEN 0 AND 100000),
      track_opens        boolean     NOT NULL DEFAULT true,
      track_clicks       boolean     NOT NULL DEFAULT true,
      sending_days       smallint[]  NOT NULL DEFAULT '{1,2,3,4,5}' CHECK (sending_days <@ '{0,1,2,3,4,5,6}'::smallint[]),
      send_window_start  time,
      send_window_end    time,
      unsubscribe_footer text,
      preferences        jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(preferences) = 'object'),
      extra              jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(extra) = 'object'),
      legacy_id          text,
      created_at         timestamptz NOT NULL DEFAULT now(),
      updated_at         timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, company_id),
      FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id) ON DELETE CASCADE,
      CHECK ((send_window_start IS NULL) = (send_window_end IS NULL))
    )`);
    await db.query(`CREATE UNIQUE INDEX company_settings_tenant_legacy ON company_settings (tenant_id, legacy_id) WHERE legacy_id IS NOT NULL`);

    await db.query(`CREATE TABLE payments (
      tenant_id           uuid        NOT NULL REFERENCES tenants (id),
      id                  uuid        NOT NULL DEFAULT gen_random_uuid(),
      company_id          uuid        NOT NULL,
      amount_cents        bigint      NOT NULL CHECK (amount_cents >= 0),
      currency            text        NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
      status              text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed', 'refunded')),
      method              text        CHECK (method IN ('card', 'bank_transfer', 'paypal', 'other')),
      provider            text,
      provider_payment_id text,
      invoice_number      text,
      description         text,
      period_start        date,
      period_end          date,
      paid_at             timestamptz,
      extra               jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(extra) = 'object'),
      legacy_id           text,
      created_at          timestamptz NOT NULL DEFAULT now(),
      updated_at          timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id),
      CHECK (period_end >= period_start),
      CHECK (status NOT IN ('succeeded', 'refunded') OR paid_at IS NOT NULL)
    )`);
    await db.query(`CREATE INDEX payments_tenant_company_created ON payments (tenant_id, company_id, created_at DESC)`);
    await db.query(`CREATE INDEX payments_tenant_status ON payments (tenant_id, status)`);
    await db.query(`CREATE UNIQUE INDEX payments_tenant_provider_ref ON payments (tenant_id, provider, provider_payment_id) WHERE provider_payment_id IS NOT NULL`);
    await db.query(`CREATE UNIQUE INDEX payments_tenant_legacy ON payments (tenant_id, legacy_id) WHERE legacy_id IS NOT NULL`);
  },
  down: async (db) => {
    await db.query(`DROP TABLE payments`);
    await db.query(`DROP TABLE company_settings`);
    await db.query(`DROP TABLE team_members`);
    await db.query(`DROP TABLE companies`);
  },
};
