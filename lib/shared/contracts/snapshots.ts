/**
 * Rollback snapshots: `POST /api/migration/snapshot`, `GET /api/migration/snapshots`,
 * `DELETE /api/migration/snapshots/<id>`. The states are defined once here; console migration 0006
 * generates its CHECK from them.
 */
export const SNAPSHOT_STATES = ['creating', 'verifying', 'verified', 'failed'] as const;
export type SnapshotState = (typeof SNAPSHOT_STATES)[number];

/** A snapshot still being written or rehearsed: worth polling. */
export const MOVING_SNAPSHOT_STATES = ['creating', 'verifying'] as const satisfies readonly SnapshotState[];

/** One snapshotted table: its rows and the sha256 of its content (ordered by primary key, COPY text). */
export type SnapshotTable = { name: string; rows: number; checksum: string };

/** Where a snapshot job stands. */
export type SnapshotProgress = { step: string; tables: number; tablesDone: number; rows: number; bytes: number };

export type SnapshotView = {
  id: string;
  state: SnapshotState;
  createdAt: string;
  createdBy: string;
  finishedAt: string | null;
  /** Bytes on disk (encrypted data and manifest). */
  bytes: number;
  tables: SnapshotTable[];
  /** Rows over every table. */
  rows: number;
  /** The run this snapshot protects (the run a rollback restores it for), if any. */
  protectsRunId: string | null;
  error: string | null;
  progress: SnapshotProgress;
  /** First 8 bytes (hex) of HMAC-SHA256(key, "ferry snapshot key id"): which key encrypted it. */
  keyId: string | null;
  /** Why it cannot be deleted now (protects the newest run, in use, being written), or null. */
  deleteRefusal: string | null;
};

export type SnapshotList = { snapshots: SnapshotView[] };

export type CreateSnapshotResponse = { snapshotId: string };

export type DeleteSnapshotResponse = { snapshotId: string; deleted: true };
