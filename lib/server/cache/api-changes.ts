import { processState } from '../adapter/process-state';

const state = processState('api-changes', () => ({ generation: 0 }));

/**
 * Bumped by every mutating API request this process serves successfully (withAuth). Shared readings that may be a
 * fraction of a second old put it in their key, so a read that follows a change made through this
 * server (Resume, a mode switch) is never answered from before it.
 */
export function noteApiChange(): void {
  state.generation += 1;
}

export function apiChangeGeneration(): number {
  return state.generation;
}
