import type { Migration } from '../../migrator/types';
import { quoteLiteral } from '../../db/sql';
import { ACTIVE_RUN_STATES, COLLECTION_STATES, RUN_STATES } from '../../../shared/run-states';

const list = (states: readonly string[]) => `(${states.map(quoteLiteral).join(', ')})`;

/**
 * The run and collection state constraints, generated from lib/shared/run-states.ts (the one definition
 * of the states): the CHECKs of both tables and the partial unique index that lets one run at most be
 * active. Adds `snapshotting` (a run waiting for its rollback snapshot) to the states of 0003.
 */
export const migration: Migration = {
  id: '0004_run_states',
  name: 'Run and collection states generated from the state module',
  up: async (db) => {
    await db.query(`ALTER TABLE ferry.migration_runs DROP CONSTRAINT migration_runs_state_check,
      ADD CONSTRAINT migration_runs_state_check CHECK (state IN ${list(RUN_STATES)})`);
    await db.query(`DROP INDEX ferry.migration_runs_one_active`);
    await db.query(`CREATE UNIQUE INDEX migration_runs_one_active ON ferry.migration_runs ((true)) WHERE state IN ${list(ACTIVE_RUN_STATES)}`);
    await db.query(`ALTER TABLE ferry.run_collections DROP CONSTRAINT run_collections_state_check,
      ADD CONSTRAINT run_collections_state_check CHECK (state IN ${list(COLLECTION_STATES)})`);
  },
  down: async (db) => {
    await db.query(`DELETE FROM ferry.migration_runs WHERE state = 'snapshotting'`);
    await db.query(`ALTER TABLE ferry.migration_runs DROP CONSTRAINT migration_runs_state_check,
      ADD CONSTRAINT migration_runs_state_check CHECK (state IN ('queued', 'running', 'pausing', 'paused', 'completed', 'failed', 'rolling_back', 'rolled_back'))`);
    await db.query(`DROP INDEX ferry.migration_runs_one_active`);
    await db.query(`CREATE UNIQUE INDEX migration_runs_one_active ON ferry.migration_runs ((true)) WHERE state IN ('queued', 'running', 'pausing', 'paused', 'rolling_back')`);
  },
};
