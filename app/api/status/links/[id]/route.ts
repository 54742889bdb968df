import { withAuth } from '@/lib/server/http/with-auth';
import { revokeStatusLink } from '@/lib/server/status-links/manage-status-links';

// DELETE /api/status/links/<id> — revoke a share link: its page stops working at once (level 1)
export const DELETE = withAuth<{ id: string }>(async ({ db, params, audit }) => {
  audit(`status-link:${params.id}`);
  return revokeStatusLink(db, params.id);
}, { level: 1, action: 'status_link.revoke' });
