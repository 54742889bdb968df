import { withAuth } from '@/lib/server/http/with-auth';
import { stopMigration } from '@/lib/server/migration/runs/stop-migration';
import { z } from 'zod';

// POST /api/migration/stop — pause the active run at the next batch boundary (level 1)
export const POST = withAuth(async ({ db, actor, body, audit }) => {
  await body(z.strictObject({}));
  const stopped = await stopMigration(db, actor.email ?? actor.name);
  audit(`run:${stopped.runId}`);
  return stopped;
}, { level: 1, action: 'migration.stop' });
