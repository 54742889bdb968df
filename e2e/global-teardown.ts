import fs from 'node:fs';

/** Removes the run's data directory (the server, and with it the embedded Postgres, has stopped by now). */
export default async function teardown(): Promise<void> {
  const dir = process.env.FERRY_E2E_DATA_DIR;
  if (dir && dir.includes('ferry-e2e-')) fs.rmSync(dir, { recursive: true, force: true });
}
