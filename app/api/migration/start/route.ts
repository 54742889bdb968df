import { json } from '@/lib/server/http/responses';
import { withAuth } from '@/lib/server/http/with-auth';
import { migrationSource } from '@/lib/server/migration/migration-source';
import { startMigration } from '@/lib/server/migration/runs/start-migration';
import { z } from 'zod';

// POST /api/migration/start — start a run, or resume the paused one: 202 { runId, resumed }; 409 if one is active (level 1)
export const POST = withAuth(async ({ db, actor, body, audit }) => {
  await body(z.strictObject({}));
  const started = await startMigration({ db, actor: actor.email ?? actor.name, source: migrationSource() });
  audit(`run:${started.runId}`, { resumed: started.resumed });
  return json(started, 202);
}, { level: 1, action: 'migration.start' });
