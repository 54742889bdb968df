/**
 * The states of a migration run and of its collections, which of them count as active, and which moves
 * between them are allowed — defined once, here. SQL takes these lists as parameters (`state = ANY($1)`)
 * and the tables' CHECK constraints and the one-active-run index are generated from them (console
 * migration 0004). Changing a list changes that migration's checksum, so Ferry refuses to start until a
 * new console migration regenerates the constraints: add one, never edit an applied one.
 */

export const RUN_STATES = ['snapshotting', 'queued', 'running', 'pausing', 'paused', 'completed', 'failed', 'rolling_back', 'rolled_back'] as const;
export type RunState = (typeof RUN_STATES)[number];

/** A run in one of these holds the target: no second run may start (a partial unique index enforces it). */
export const ACTIVE_RUN_STATES = ['snapshotting', 'queued', 'running', 'pausing', 'paused', 'rolling_back'] as const satisfies readonly RunState[];

/** Collection loaders may work (claim, load, be re-queued by the reaper) only while the run is in one of these. */
export const LOADING_RUN_STATES = ['queued', 'running'] as const satisfies readonly RunState[];

/** States in which a collection that is loading keeps its claim (a pause lets the current batch finish). */
export const CLAIMED_RUN_STATES = ['queued', 'running', 'pausing'] as const satisfies readonly RunState[];

/** States that change by themselves (a worker is snapshotting, loading, pausing or rolling back): worth polling. */
export const MOVING_RUN_STATES = ['snapshotting', 'queued', 'running', 'pausing', 'rolling_back'] as const satisfies readonly RunState[];

export const COLLECTION_STATES = ['pending', 'running', 'paused', 'completed', 'failed'] as const;
export type CollectionState = (typeof COLLECTION_STATES)[number];

/**
 * Every allowed move of a run. `snapshotting` waits for the run's rollback snapshot to be verified;
 * `failed` and `paused` runs are resumed through `queued` (or `snapshotting` when the target changed
 * since their snapshot); any run that wrote or may have written to the target can be rolled back.
 */
export const RUN_TRANSITIONS: Readonly<Record<RunState, readonly RunState[]>> = {
  snapshotting: ['queued', 'pausing', 'paused', 'failed', 'rolling_back'],
  queued: ['running', 'pausing', 'completed', 'failed', 'rolling_back'],
  running: ['pausing', 'completed', 'failed', 'rolling_back'],
  pausing: ['paused', 'completed', 'failed', 'rolling_back'],
  paused: ['queued', 'snapshotting', 'rolling_back'],
  completed: ['rolling_back'],
  failed: ['queued', 'snapshotting', 'rolling_back'],
  rolling_back: ['rolled_back'],
  rolled_back: [],
};

export function isActiveState(state: RunState): boolean {
  return (ACTIVE_RUN_STATES as readonly RunState[]).includes(state);
}

export function isMovingState(state: RunState): boolean {
  return (MOVING_RUN_STATES as readonly RunState[]).includes(state);
}

/** True when a run may move from `from` to `to`. */
export function canTransition(from: RunState, to: RunState): boolean {
  return RUN_TRANSITIONS[from].includes(to);
}

/** The states a run may reach `to` from (for `UPDATE … WHERE state = ANY($from)`). */
export function statesLeadingTo(to: RunState): RunState[] {
  return RUN_STATES.filter((from) => canTransition(from, to));
}
