import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { getEnv, type Env } from '../config/env';
import { databaseKind } from '../db/pool';

/** The AES-256 key of snapshots and its public fingerprint. */
export type SnapshotKey = { key: Buffer; id: string };

const KEY_FILE = 'snapshot.key';

/** First 8 bytes of HMAC-SHA256(key, "ferry snapshot key id"): names a key without revealing it. */
export function keyFingerprint(key: Buffer): Buffer {
  return crypto.createHmac('sha256', key).update('ferry snapshot key id').digest().subarray(0, 8);
}

export function snapshotKeyFromHex(hex: string): SnapshotKey {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new AppError('unprocessable', 'A snapshot key is 64 hexadecimal characters.');
  const key = Buffer.from(hex, 'hex');
  return { key, id: keyFingerprint(key).toString('hex') };
}

/**
 * Reads `DATA_DIR/snapshot.key`, creating it (mode 0600) with a random key on first use. Two processes
 * creating it at once agree: the file is created exclusively and a loser reads the winner's key.
 */
function embeddedKey(dataDir: string): SnapshotKey {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const file = path.join(dataDir, KEY_FILE);
  try {
    fs.writeFileSync(file, `${crypto.randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const hex = fs.readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new AppError('internal', `${file} does not hold a snapshot key (64 hexadecimal characters).`);
  return snapshotKeyFromHex(hex);
}

/**
 * The snapshot key: `SNAPSHOT_KEY` when set; with the embedded database a generated key kept in
 * `DATA_DIR/snapshot.key` (0600). An external database (DATABASE_URL, NILEDB_*) needs SNAPSHOT_KEY: a key
 * generated on one machine's disk would not restore anywhere else.
 * @throws AppError `unprocessable` when an external database has no SNAPSHOT_KEY.
 */
export function snapshotKey(env: Env = getEnv()): SnapshotKey {
  if (env.SNAPSHOT_KEY) return snapshotKeyFromHex(env.SNAPSHOT_KEY);
  if (databaseKind(env) === 'embedded') return embeddedKey(env.dataDir);
  throw new AppError(
    'unprocessable',
    'SNAPSHOT_KEY is not set. With an external database (DATABASE_URL or NILEDB_*) rollback snapshots need a key you keep: set SNAPSHOT_KEY to 64 hexadecimal characters (e.g. `openssl rand -hex 32`) and restart Ferry. Without it no snapshot, and so no migration run, can be taken.',
  );
}
