import type { CollectionState, RunState } from '@/lib/shared/contracts/migration';
import { Badge } from '../ui/badge';

type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

export const RUN_STATE_TONE: Record<RunState, Tone> = {
  snapshotting: 'info',
  queued: 'info',
  running: 'info',
  pausing: 'warn',
  paused: 'warn',
  completed: 'good',
  failed: 'bad',
  rolling_back: 'warn',
  rolled_back: 'neutral',
};

const COLLECTION_STATE_TONE: Record<CollectionState, Tone> = {
  pending: 'neutral',
  running: 'info',
  paused: 'warn',
  completed: 'good',
  failed: 'bad',
};

/** A run's state as the API names it (`rolling_back` shown as "rolling back"). */
export function RunStateBadge({ state, testId }: { state: RunState; testId?: string }) {
  return <span data-testid={testId} data-state={state}><Badge tone={RUN_STATE_TONE[state]}>{state.replace('_', ' ')}</Badge></span>;
}

export function CollectionStateBadge({ state }: { state: CollectionState }) {
  return <Badge tone={COLLECTION_STATE_TONE[state]}>{state}</Badge>;
}

/** The bar colour that goes with a state. */
export function barTone(state: RunState | CollectionState): 'brand' | 'good' | 'warn' | 'bad' {
  if (state === 'completed') return 'good';
  if (state === 'failed') return 'bad';
  if (state === 'paused' || state === 'pausing' || state === 'rolling_back') return 'warn';
  return 'brand';
}
