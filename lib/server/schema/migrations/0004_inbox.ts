import type { Migration } from '../../migrator/types';

/** The unified inbox: messages received by (or sent from) an email account, linked to leads and campaigns. */
export const migration: Migration = {
  id: '0004_inbox',
  name: 'Inbox messages',
  description: 'Messages per email account, newest first, threaded by thread_id, optionally tied to the lead and campaign they belong to.',
  up: async (db) => {
    await db.query(`CREATE TABLE inbox_messages (
      tenant_id        uuid        NOT NULL REFERENCES tenants (id),
      id               uuid        NOT NULL DEFAULT gen_random_uuid(),
      email_account_id uuid        NOT NULL,
      lead_id          uuid,
      campaign_id      uuid,
      message_id       text, -- RFC 5322 Message-ID
      in_reply_to      text,
      thread_id        text,
      direction        text        NOT NULL CHECK (direction IN ('inbound', 'outbound')),
      folder           text        NOT NULL DEFAULT 'inbox' CHECK (folder IN ('inbox', 'sent', 'archive', 'spam', 'trash')),
      from_address     text        NOT NULL CHECK (from_address ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
      from_name        text,
      to_addresses     text[]      NOT NULL DEFAULT '{}',
      cc_addresses     text[]      NOT NULL DEFAULT '{}',
      subject          text,
      snippet          text        CHECK (length(snippet) <= 500),
      body_text        text,
      body_html        text,
      received_at      timestamptz NOT NULL,
      read_at          timestamptz,
      is_starred       boolean     NOT NULL DEFAULT false,
      labels           text[]      NOT NULL DEFAULT '{}',
      sentiment        text        CHECK (sentiment IN ('positive', 'neutral', 'negative')),
      extra            jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(extra) = 'object'),
      legacy_id        text,
      created_at       timestamptz NOT NULL DEFAULT now(),
      updated_at       timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, email_account_id) REFERENCES email_accounts (tenant_id, id),
      FOREIGN KEY (tenant_id, lead_id) REFERENCES leads (tenant_id, id),
      FOREIGN KEY (tenant_id, campaign_id) REFERENCES campaigns (tenant_id, id)
    )`);
    await db.query(`CREATE INDEX inbox_messages_account_received ON inbox_messages (tenant_id, email_account_id, received_at DESC)`);
    await db.query(`CREATE INDEX inbox_messages_tenant_thread ON inbox_messages (tenant_id, thread_id, received_at)`);
    await db.query(`CREATE INDEX inbox_messages_tenant_lead ON inbox_messages (tenant_id, lead_id, received_at DESC)`);
    await db.query(`CREATE INDEX inbox_messages_tenant_campaign ON inbox_messages (tenant_id, campaign_id)`);
    await db.query(`CREATE UNIQUE INDEX inbox_messages_account_message_id ON inbox_messages (tenant_id, email_account_id, message_id) WHERE message_id IS NOT NULL`);
    await db.query(`CREATE UNIQUE INDEX inbox_messages_tenant_legacy ON inbox_messages (tenant_id, legacy_id) WHERE legacy_id IS NOT NULL`);
  },
  down: async (db) => {
    await db.query(`DROP TABLE inbox_messages`);
  },
};
