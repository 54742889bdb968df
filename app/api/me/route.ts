import type { Me } from '@/lib/shared/contracts/users';
import { withAuth } from '@/lib/server/http/with-auth';

// GET /api/me — who is calling (any level)
export const GET = withAuth(async ({ actor }): Promise<Me> => ({
  id: actor.userId ?? '',
  email: actor.email ?? '',
  name: actor.name,
  level: actor.level,
  via: actor.kind === 'token' ? 'token' : 'session',
}), { level: 3 });
