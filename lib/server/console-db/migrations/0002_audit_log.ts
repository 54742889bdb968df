import type { Migration } from '../../migrator/types';

/** The audit trail: who did what, to what, with which (secret-free) parameters, and how it ended. */
export const migration: Migration = {
  id: '0002_audit_log',
  name: 'Audit log',
  up: async (db) => {
    await db.query(`CREATE TABLE ferry.audit_log (
      id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at             timestamptz NOT NULL DEFAULT now(),
      actor_id       uuid,
      actor_email    text,
      actor_kind     text        NOT NULL CHECK (actor_kind IN ('session', 'token', 'cli', 'system', 'anonymous')),
      action         text        NOT NULL,
      target         text,
      params         jsonb       NOT NULL DEFAULT '{}'::jsonb,
      outcome        text        NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
      status         integer,
      client_address text,
      request_id     text
    )`);
    await db.query(`CREATE INDEX audit_log_at ON ferry.audit_log (at DESC, id DESC)`);
    await db.query(`CREATE INDEX audit_log_action ON ferry.audit_log (action, at DESC)`);
  },
  down: async (db) => {
    await db.query(`DROP TABLE ferry.audit_log`);
  },
};
