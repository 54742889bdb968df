import { json } from '@/lib/server/http/responses';
import { withAuth } from '@/lib/server/http/with-auth';
import { migrationSource } from '@/lib/server/migration/migration-source';
import { createSnapshot } from '@/lib/server/snapshot/create-snapshot';
import { z } from 'zod';

// POST /api/migration/snapshot — take an encrypted, rehearsed rollback snapshot in the background: 202 { snapshotId } (level 1)
export const POST = withAuth(async ({ db, actor, body, audit }) => {
  await body(z.strictObject({}));
  const created = await createSnapshot(db, { actor: actor.email ?? actor.name, source: migrationSource() });
  audit(`snapshot:${created.snapshotId}`);
  return json(created, 202);
}, { level: 1, action: 'migration.snapshot' });
