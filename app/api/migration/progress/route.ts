import { withAuth } from '@/lib/server/http/with-auth';
import { WATCHED_READS } from '@/lib/server/http/watched-reads';

const progress = WATCHED_READS['/api/migration/progress'];

// GET /api/migration/progress[?runId=] — live progress of the given or newest run (level 2)
export const GET = withAuth(async ({ db, req }) => progress.read(db, req.nextUrl.searchParams), { level: 2 }); // = WATCHED_READS' level: the security matrix reads it here, and checks both paths against the README
