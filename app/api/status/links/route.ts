import { CreateStatusLinkInputSchema } from '@/lib/shared/contracts/status';
import { json } from '@/lib/server/http/responses';
import { withAuth } from '@/lib/server/http/with-auth';
import { createStatusLink, listStatusLinks } from '@/lib/server/status-links/manage-status-links';

// GET /api/status/links — the stakeholder page's share links (never their tokens) (level 1)
export const GET = withAuth(async ({ db }) => ({ links: await listStatusLinks(db) }), { level: 1 });

// POST /api/status/links — a new share link of the status page; 201 { id, token, url } (the token is shown once) (level 1)
export const POST = withAuth(async ({ db, req, actor, body, audit }) => {
  const input = await body(CreateStatusLinkInputSchema);
  const { path, ...link } = await createStatusLink(db, input, actor.email ?? actor.name);
  audit(`status-link:${link.id}`, { label: link.label });
  return json({ ...link, url: new URL(path, req.nextUrl.origin).toString() }, 201);
}, { level: 1, action: 'status_link.create' });
