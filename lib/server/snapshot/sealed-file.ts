import crypto from 'node:crypto';
import type { SnapshotKey } from './snapshot-key';

/**
 * The on-disk format of snapshot files (data, manifest, loss exports). Every file starts with a 24-byte
 * header: magic `FERRYSNP`, format version, file kind, the key's 8-byte fingerprint, 6 reserved bytes.
 * After it come sealed parts: a random 12-byte IV, AES-256-GCM ciphertext, the 16-byte tag. The
 * associated data binds each part to where it belongs (snapshot, table, tenant), so a part moved to
 * another place fails authentication like a modified one.
 */
export const MAGIC = Buffer.from('FERRYSNP', 'ascii');
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 24;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export const FILE_KINDS = { data: 1, manifest: 2, lossData: 3, lossManifest: 4 } as const;
export type FileKind = keyof typeof FILE_KINDS;

/** Why a snapshot is refused: it is missing, shorter than its manifest says, altered, or under another key. */
export type IntegrityProblem = 'missing' | 'truncated' | 'modified' | 'wrong_key';

export class SnapshotIntegrityError extends Error {
  constructor(readonly problem: IntegrityProblem, message: string) {
    super(message);
    this.name = 'SnapshotIntegrityError';
  }
}

export function fileHeader(kind: FileKind, key: SnapshotKey): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header[8] = FORMAT_VERSION;
  header[9] = FILE_KINDS[kind];
  Buffer.from(key.id, 'hex').copy(header, 10);
  return header;
}

/**
 * Checks a file's header: a snapshot file of the expected kind and version, encrypted under `key`.
 * @throws SnapshotIntegrityError `truncated` (shorter than a header), `modified` (not such a file),
 *   `wrong_key` (another key's fingerprint).
 */
export function checkHeader(header: Buffer, kind: FileKind, key: SnapshotKey, name: string): void {
  if (header.length < HEADER_BYTES) throw new SnapshotIntegrityError('truncated', `${name} is truncated: it is shorter than a snapshot file's header.`);
  if (!header.subarray(0, 8).equals(MAGIC) || header[9] !== FILE_KINDS[kind]) {
    throw new SnapshotIntegrityError('modified', `${name} was modified: it does not start like a Ferry snapshot ${kind} file.`);
  }
  if (header[8] !== FORMAT_VERSION) throw new SnapshotIntegrityError('modified', `${name} has snapshot format ${header[8]}; this Ferry reads format ${FORMAT_VERSION}.`);
  const keyId = header.subarray(10, 18).toString('hex');
  if (keyId !== key.id) {
    throw new SnapshotIntegrityError('wrong_key', `${name} is encrypted under another key (key id ${keyId}; the configured SNAPSHOT_KEY has id ${key.id}). Configure the key it was taken with.`);
  }
}

/** Encrypts one part in memory (manifests): IV, ciphertext, tag. */
export function sealBuffer(key: SnapshotKey, plaintext: Buffer, aad: string): Buffer {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/**
 * Decrypts and authenticates one part in memory.
 * @throws SnapshotIntegrityError `truncated` (too short to be a part), `modified` (authentication failed).
 */
export function openBuffer(key: SnapshotKey, sealed: Buffer, aad: string, name: string): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new SnapshotIntegrityError('truncated', `${name} is truncated.`);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key.key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new SnapshotIntegrityError('modified', `${name} was modified: its content fails authentication.`);
  }
}

/** The associated data of a data segment: which snapshot, table and tenant (or `shared`) it belongs to. */
export function segmentAad(snapshotId: string, table: string, tenantId: string | null): string {
  return `ferry-snapshot/${snapshotId}/${table}/${tenantId ?? 'shared'}`;
}
