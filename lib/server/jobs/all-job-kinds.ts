import { collectionJobKind } from '../migration/runs/collection-job-kind';
import { rollbackJobKind } from '../rollback/rollback-job-kind';
import { snapshotJobKind } from '../snapshot/snapshot-job-kind';
import { validationJobKind } from '../validation/validation-job-kind';
import type { JobKind } from './job-kind';

/** Every kind of background work a Ferry worker serves. */
export const ALL_JOB_KINDS: JobKind[] = [collectionJobKind, snapshotJobKind, rollbackJobKind, validationJobKind];
