import { withAuth } from '@/lib/server/http/with-auth';
import { listSnapshots } from '@/lib/server/snapshot/list-snapshots';

// GET /api/migration/snapshots — every snapshot: state, size, tables (rows, checksum), the run it protects (level 2)
export const GET = withAuth(async ({ db }) => listSnapshots(db), { level: 2 });
