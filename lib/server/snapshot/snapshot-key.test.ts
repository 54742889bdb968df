import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Env } from '../config/env';
import { snapshotKey } from './snapshot-key';
import { snapshotDir, snapshotFile } from './snapshot-paths';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-key-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const env = (over: Partial<Env>) => ({ dataDir, DATA_DIR: dataDir, ...over }) as Env;

describe('snapshotKey', () => {
  it('uses SNAPSHOT_KEY when set, naming it by a fingerprint that is not the key', () => {
    const hex = 'ab'.repeat(32);
    const key = snapshotKey(env({ SNAPSHOT_KEY: hex, DATABASE_URL: 'postgres://x/y' }));
    expect(key.key.toString('hex')).toBe(hex);
    expect(key.id).toMatch(/^[0-9a-f]{16}$/);
    expect(hex.includes(key.id)).toBe(false);
  });

  it('generates one key for the embedded database, kept in DATA_DIR with mode 0600', () => {
    const first = snapshotKey(env({}));
    const second = snapshotKey(env({}));
    expect(second.id).toBe(first.id);
    const stat = fs.statSync(path.join(dataDir, 'snapshot.key'));
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it('refuses an external database without SNAPSHOT_KEY, saying what to set', () => {
    expect(() => snapshotKey(env({ DATABASE_URL: 'postgres://x/y' }))).toThrow(/SNAPSHOT_KEY is not set/);
    expect(() => snapshotKey(env({ NILEDB_USER: 'u', NILEDB_POSTGRES_URL: 'postgres://n/d' }))).toThrow(/SNAPSHOT_KEY/);
  });
});

describe('snapshot paths', () => {
  it('accept only UUIDs and names that stay inside the snapshot directory', () => {
    const root = path.join(dataDir, 'snapshots');
    const id = '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
    expect(snapshotDir(root, id)).toBe(path.join(root, id));
    for (const bad of ['..', '../x', `${id}/..`, '', 'not-a-uuid']) expect(() => snapshotDir(root, bad)).toThrow();
    expect(() => snapshotFile(path.join(root, id), '../manifest.bin')).toThrow();
    expect(() => snapshotFile(path.join(root, id), '.hidden')).toThrow();
  });
});
