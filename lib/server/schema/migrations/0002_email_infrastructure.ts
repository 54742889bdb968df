import type { Migration } from '../../migrator/types';

/** Sending domains, email service configurations and the mailboxes that send and receive through them. */
export const migration: Migration = {
  id: '0002_email_infrastructure',
  name: 'Domains, email services, email accounts',
  description: 'Where mail goes out from: verified sending domains, the provider configurations (no secrets: credentials_ref points into a secret store) and the email accounts tied to both.',
  up: async (db) => {
    await db.query(`CREATE TABLE domains (
      tenant_id       uuid        NOT NULL REFERENCES tenants (id),
      id              uuid        NOT NULL DEFAULT gen_random_uuid(),
      company_id      uuid,
      name            text        NOT NULL CHECK (name = lower(name) AND name ~ '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?[.])+[a-z]{2,63}$'),
      status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'verified', 'failed', 'disabled')),
      spf_verified    boolean     NOT NULL DEFAULT false,
      dkim_verified   boolean     NOT NULL DEFAULT false,
      dmarc_verified  boolean     NOT NULL DEFAULT false,
      dkim_selector   text,
      verified_at     timestamptz,
      last_checked_at timestamptz,
      extra           jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(extra) = 'object'),
      legacy_id       text,
      created_at      timestamptz NOT NULL DEFAULT now(),
      updated_at      timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, name),
      FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id),
      CHECK (status <> 'verified' OR verified_at IS NOT NULL)
    )`);
    await db.query(`CREATE INDEX domains_tenant_company ON domains (tenant_id, company_id)`);
    await db.query(`CREATE UNIQUE INDEX domains_tenant_legacy ON domains (tenant_id, legacy_id) WHERE legacy_id IS NOT NULL`);

    await db.query(`CREATE TABLE email_services (
      tenant_id       uuid        NOT NULL REFERENCES tenants (id),
      id              uuid        NOT NULL DEFAULT gen_random_uuid(),
      company_id      uuid,
      name            text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
      provider        text        NOT NULL CHECK (provider IN ('smtp', 'sendgrid', 'mailgun', 'ses', 'postmark', 'gmail', 'outlook')),
      status          text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'error')),
      is_default      boolean     NOT NULL DEFAULT false,
      smtp_host       text,
      smtp_port       integer     CHECK (smtp_port BETWEEN 1 AND 65535),
      config          jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(config) = 'object'),
      credentials_ref text,
      last_error      text,
      extra           jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(extra) = 'object'),
      legacy_id       text,
      created_at      timestamptz NOT NULL DEFAULT now(),
      updated_at      timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, name),
      FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id),
      CHECK (provider <> 'smtp' OR smtp_host IS NOT NULL)
    )`);
    await db.query(`CREATE INDEX email_services_tenant_provider ON email_services (tenant_id, provider)`);
    await db.query(`CREATE UNIQUE INDEX email_services_tenant_legacy ON email_services (tenant_id, legacy_id) WHERE legacy_id IS NOT NULL`);

    await db.query(`CREATE TABLE email_accounts (
      tenant_id        uuid         NOT NULL REFERENCES tenants (id),
      id               uuid         NOT NULL DEFAULT gen_random_uuid(),
      company_id       uuid,
      domain_id        uuid,
      email_service_id uuid,
      email            text         NOT NULL CHECK (email = lower(email) AND email ~ '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$'),
      display_name     text,
      status           text         NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'warming_up', 'error', 'disconnected')),
      daily_send_limit integer      NOT NULL DEFAULT 50 CHECK (daily_send_limit BETWEEN 0 AND 10000),
      warmup_enabled   boolean      NOT NULL DEFAULT false,
      reputation_score numeric(5,2) CHECK (reputation_score BETWEEN 0 AND 100),
      last_synced_at   timestamptz,
      extra            jsonb        NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(extra) = 'object'),
      legacy_id        text,
      created_at       timestamptz  NOT NULL DEFAULT now(),
      updated_at       timestamptz  NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, email),
      FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id),
      FOREIGN KEY (tenant_id, domain_id) REFERENCES domains (tenant_id, id),
      FOREIGN KEY (tenant_id, email_service_id) REFERENCES email_services (tenant_id, id)
    )`);
    await db.query(`CREATE INDEX email_accounts_tenant_domain ON email_accounts (tenant_id, domain_id)`);
    await db.query(`CREATE INDEX email_accounts_tenant_service ON email_accounts (tenant_id, email_service_id)`);
    await db.query(`CREATE INDEX email_accounts_tenant_status ON email_accounts (tenant_id, status)`);
    await db.query(`CREATE UNIQUE INDEX email_accounts_tenant_legacy ON email_accounts (tenant_id, legacy_id) WHERE legacy_id IS NOT NULL`);
  },
  down: async (db) => {
    await db.query(`DROP TABLE email_accounts`);
    await db.query(`DROP TABLE email_services`);
    await db.query(`DROP TABLE domains`);
  },
};
