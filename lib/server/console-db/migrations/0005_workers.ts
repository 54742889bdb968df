import type { Migration } from '../../migrator/types';

/** Worker heartbeats: which workers run where, serving which job kinds, and when each was last alive. */
export const migration: Migration = {
  id: '0005_workers',
  name: 'Worker heartbeats',
  up: async (db) => {
    await db.query(`CREATE TABLE ferry.workers (
      id           uuid        PRIMARY KEY,
      pid          integer     NOT NULL,
      host         text        NOT NULL,
      kinds        text[]      NOT NULL,
      started_at   timestamptz NOT NULL DEFAULT now(),
      heartbeat_at timestamptz NOT NULL DEFAULT now(),
      stopped_at   timestamptz
    )`);
    await db.query(`CREATE INDEX workers_heartbeat ON ferry.workers (heartbeat_at DESC)`);
  },
  down: async (db) => {
    await db.query(`DROP TABLE ferry.workers`);
  },
};
