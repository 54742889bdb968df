import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Secrets and settings generated once per data directory and kept in `<DATA_DIR>/instance.json`
 * (mode 0600): the embedded cluster's passwords (superuser, runtime role, owner role) and port, and the
 * session-signing secret.
 * They never leave this file except as connection parameters.
 */
export type InstanceFile = {
  superPassword: string;
  appPassword: string;
  ownerPassword: string;
  authSecret: string;
  port?: number;
};

function randomSecret(bytes = 24): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

function filePath(dataDir: string): string {
  return path.join(dataDir, 'instance.json');
}

/** Reads the instance file, creating it (and the data directory) on first use. */
export function loadInstanceFile(dataDir: string): InstanceFile {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const file = filePath(dataDir);
  if (fs.existsSync(file)) {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<InstanceFile>;
    const complete: InstanceFile = {
      superPassword: parsed.superPassword ?? randomSecret(),
      appPassword: parsed.appPassword ?? randomSecret(),
      ownerPassword: parsed.ownerPassword ?? randomSecret(),
      authSecret: parsed.authSecret ?? randomSecret(32),
      ...(parsed.port ? { port: parsed.port } : {}),
    };
    if (JSON.stringify(complete) !== JSON.stringify(parsed)) saveInstanceFile(dataDir, complete);
    return complete;
  }
  const created: InstanceFile = { superPassword: randomSecret(), appPassword: randomSecret(), ownerPassword: randomSecret(), authSecret: randomSecret(32) };
  saveInstanceFile(dataDir, created);
  return created;
}

/** Atomically replaces the instance file (write to a temp file, then rename). */
export function saveInstanceFile(dataDir: string, value: InstanceFile): void {
  const file = filePath(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(value, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, file);
}
