import type { Migration } from '../../migrator/types';

/** Leads, the templates campaigns send, and the campaigns themselves. */
export const migration: Migration = {
  id: '0003_crm_campaigns',
  name: 'Leads, templates, campaigns',
  description: 'The outreach side: leads (one per email address and tenant), reusable templates, and campaigns that send a template from an email account, with their counters.',
  up: async (db) => {
    await db.query(`CREATE TABLE leads (
      tenant_id         uuid        NOT NULL REFERENCES tenants (id),
      id                uuid        NOT NULL DEFAULT gen_random_uuid(),
      company_id        uuid,
      email             text        NOT NULL CHECK (email = lower(email) AND email ~ '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$'),
      first_name        text,
      last_name         text,
      organization      text,
      job_title         text,
      phone             text,
      linkedin_url      text        CHECK (linkedin_url ~* '^https?://'),
      status            text        NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'contacted', 'replied', 'interested', 'not_interested', 'bounced', 'unsubscribed')),
      source            text        CHECK (source IN ('import', 'manual', 'api', 'form', 'integration')),
      tags              text[]      NOT NULL DEFAULT '{}',
      score             integer     CHECK (score BETWEEN 0 AND 100),
      last_contacted_at timestamptz,
      unsubscribed_at   timestamptz,
      extra             jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(extra) = 'object'),
      legacy_id         text,
      created_at        timestamptz NOT NULL DEFAULT now(),
      updated_at        timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, email),
      FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id),
      CHECK (status <> 'unsubscribed' OR unsubscribed_at IS NOT NULL)
    )`);
    await db.query(`CREATE INDEX leads_tenant_status ON leads (tenant_id, status)`);
    await db.query(`CREATE INDEX leads_tenant_company ON leads (tenant_id, company_id)`);
    await db.query(`CREATE UNIQUE INDEX leads_tenant_legacy ON leads (tenant_id, legacy_id) WHERE legacy_id IS NOT NULL`);

    await db.query(`CREATE TABLE templates (
      tenant_id   uuid        NOT NULL REFERENCES tenants (id),
      id          uuid        NOT NULL DEFAULT gen_random_uuid(),
      company_id  uuid,
      name        text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
      subject     text        NOT NULL CHECK (length(subject) <= 998),
      body_html   text,
      body_text   text,
      category    text        NOT NULL DEFAULT 'outreach' CHECK (category IN ('outreach', 'follow_up', 'newsletter', 'transactional', 'other')),
      variables   text[]      NOT NULL DEFAULT '{}',
      is_archived boolean     NOT NULL DEFAULT false,
      created_by  uuid, -- users.users (id): shared table, no foreign key
      extra       jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(extra) = 'object'),
      legacy_id   text,
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id),
      CHECK (body_html IS NOT NULL OR body_text IS NOT NULL)
    )`);
    await db.query(`CREATE INDEX templates_tenant_name ON templates (tenant_id, name)`);
    await db.query(`CREATE INDEX templates_tenant_category ON templates (tenant_id, category)`);
    await db.query(`CREATE UNIQUE INDEX templates_tenant_legacy ON templates (tenant_id, legacy_id) WHERE legacy_id IS NOT NULL`);

    await db.query(`CREATE TABLE campaigns (
      tenant_id        uuid        NOT NULL REFERENCES tenants (id),
      id               uuid        NOT NULL DEFAULT gen_random_uuid(),
      company_id       uuid,
      template_id      uuid,
      email_account_id uuid,
      name             text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
      status           text        NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled')),
      scheduled_at     timestamptz,
      started_at       timestamptz,
      completed_at     timestamptz,
      daily_limit      integer     CHECK (daily_limit >= 0),
      sent_count       integer     NOT NULL DEFAULT 0 CHECK (sent_count >= 0),
      open_count       integer     NOT NULL DEFAULT 0 CHECK (open_count >= 0),
      click_count      integer     NOT NULL DEFAULT 0 CHECK (click_count >= 0),
      reply_count      integer     NOT NULL DEFAULT 0 CHECK (reply_count >= 0),
      bounce_count     integer     NOT NULL DEFAULT 0 CHECK (bounce_count >= 0),
      created_by       uuid, -- users.users (id): shared table, no foreign key
      extra            jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(extra) = 'object'),
      legacy_id        text,
      created_at       timestamptz NOT NULL DEFAULT now(),
      updated_at       timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id),
      FOREIGN KEY (tenant_id, template_id) REFERENCES templates (tenant_id, id),
      FOREIGN KEY (tenant_id, email_account_id) REFERENCES email_accounts (tenant_id, id),
      CHECK (status <> 'scheduled' OR scheduled_at IS NOT NULL),
      CHECK (completed_at >= started_at)
    )`);
    await db.query(`CREATE INDEX campaigns_tenant_status ON campaigns (tenant_id, status)`);
    await db.query(`CREATE INDEX campaigns_tenant_company ON campaigns (tenant_id, company_id)`);
    await db.query(`CREATE INDEX campaigns_tenant_template ON campaigns (tenant_id, template_id)`);
    await db.query(`CREATE INDEX campaigns_tenant_account ON campaigns (tenant_id, email_account_id)`);
    await db.query(`CREATE UNIQUE INDEX campaigns_tenant_legacy ON campaigns (tenant_id, legacy_id) WHERE legacy_id IS NOT NULL`);
  },
  down: async (db) => {
    await db.query(`DROP TABLE campaigns`);
    await db.query(`DROP TABLE templates`);
    await db.query(`DROP TABLE leads`);
  },
};
