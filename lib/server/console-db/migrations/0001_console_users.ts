import type { Migration } from '../../migrator/types';

/** Console users, API tokens and login throttling: who may use Ferry, and how. */
export const migration: Migration = {
  id: '0001_console_users',
  name: 'Console users, API tokens, login failures',
  up: async (db) => {
    await db.query(`CREATE TABLE ferry.console_users (
      id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
      email         text        NOT NULL CHECK (email = lower(email) AND email ~ '^[^@\\s]+@[^@\\s]+$'),
      name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      password_hash text        NOT NULL,
      level         smallint    NOT NULL CHECK (level BETWEEN 1 AND 3),
      disabled      boolean     NOT NULL DEFAULT false,
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now(),
      last_login_at timestamptz
    )`);
    await db.query(`CREATE UNIQUE INDEX console_users_email ON ferry.console_users (email)`);
    await db.query(`CREATE TABLE ferry.api_tokens (
      id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id      uuid        NOT NULL REFERENCES ferry.console_users (id),
      name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      prefix       text        NOT NULL,
      token_hash   text        NOT NULL UNIQUE,
      created_at   timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at   timestamptz
    )`);
    await db.query(`CREATE INDEX api_tokens_user ON ferry.api_tokens (user_id, created_at DESC)`);
    await db.query(`CREATE TABLE ferry.login_failures (
      id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      email          text        NOT NULL,
      client_address text        NOT NULL,
      at             timestamptz NOT NULL DEFAULT now()
    )`);
    await db.query(`CREATE INDEX login_failures_email ON ferry.login_failures (email, at)`);
    await db.query(`CREATE INDEX login_failures_address ON ferry.login_failures (client_address, at)`);
  },
  down: async (db) => {
    await db.query(`DROP TABLE ferry.login_failures`);
    await db.query(`DROP TABLE ferry.api_tokens`);
    await db.query(`DROP TABLE ferry.console_users`);
  },
};
