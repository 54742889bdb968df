import { collectionJobKind } from '../migration/runs/collection-job-kind';
import type { JobKind } from './job-kind';

/** Every kind of background work a Ferry worker serves. */
export const ALL_JOB_KINDS: JobKind[] = [collectionJobKind];
