import { withAuth } from '@/lib/server/http/with-auth';
import { WATCHED_READS } from '@/lib/server/http/watched-reads';

const status = WATCHED_READS['/api/migration/status'];

// GET /api/migration/status — { mode, activeRun, lastRun, legacy, new } (level 3: the stakeholder status page reads it)
export const GET = withAuth(async ({ db, req }) => status.read(db, req.nextUrl.searchParams), { level: 3 }); // = WATCHED_READS' level: the security matrix reads it here, and checks both paths against the README
