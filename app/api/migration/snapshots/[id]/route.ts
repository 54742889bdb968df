import { withAuth } from '@/lib/server/http/with-auth';
import { deleteSnapshot } from '@/lib/server/snapshot/delete-snapshot';
import { getSnapshot } from '@/lib/server/snapshot/list-snapshots';

// GET /api/migration/snapshots/<id> — one snapshot and its progress (level 2)
export const GET = withAuth<{ id: string }>(async ({ db, params }) => getSnapshot(db, params.id), { level: 2 });

// DELETE /api/migration/snapshots/<id> — delete an old snapshot; 409 for the one protecting the newest run (level 1)
export const DELETE = withAuth<{ id: string }>(async ({ db, params, audit }) => {
  audit(`snapshot:${params.id}`);
  return deleteSnapshot(db, params.id);
}, { level: 1, action: 'migration.snapshot.delete' });
