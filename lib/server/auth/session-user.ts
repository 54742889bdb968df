import 'server-only';
import { getServerSession, type Session } from 'next-auth';
import { redirect } from 'next/navigation';
import { hasLevel, type Level } from '../../shared/levels';
import { authOptions } from './auth-options';

export type SessionUser = NonNullable<Session['user']> & { id: string };

/** The signed-in, enabled console user of this page request (read fresh from the database), or null. */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions());
  const user = session?.user;
  return user?.id ? (user as SessionUser) : null;
}

/**
 * For server components: the signed-in user, or a redirect to the sign-in page. Viewers (level 3)
 * are sent to the status page, the only page they may see, when `level` is more than they have.
 */
export async function requireSessionUser(level: Level = 3, here = '/'): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(here)}`);
  if (!hasLevel(user.level, level) && user.level === 3) redirect('/status');
  return user;
}
