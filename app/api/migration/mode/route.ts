import { SetModeInputSchema } from '@/lib/shared/contracts/adapter';
import { setAdapterMode } from '@/lib/server/adapter/set-adapter-mode';
import { withAuth } from '@/lib/server/http/with-auth';
import { migrationSource } from '@/lib/server/migration/migration-source';

// PUT /api/migration/mode — switch reads to legacy | hybrid | new; promotion to new passes the gate or answers 409 with the reasons (level 1)
export const PUT = withAuth(async ({ db, actor, body, audit }) => {
  const input = await body(SetModeInputSchema);
  audit(`mode:${input.mode}`);
  return setAdapterMode(db, input, actor.email ?? actor.name, { source: migrationSource() });
}, { level: 1, action: 'migration.mode' });
