import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { recordAudit } from '../audit/record-audit';
import { getEnv } from '../config/env';
import { getPool } from '../db/pool';
import { clientAddress, requestId } from '../http/request-info';
import { actorFromUserId } from './actor';
import { identityFromSession } from './resolve-identity';
import { clearLoginFailures } from './login-throttle';
import { verifyCredentials } from './users/verify-credentials';

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/**
 * next-auth (v4): email + password against console users, JWT sessions of 12 hours. Throttling happens
 * before this runs (in the auth route); every attempt is audited here. The JWT carries only the user id:
 * level and enabled state are read from the database on each request.
 */
export function authOptions(): NextAuthOptions {
  return {
    secret: getEnv().NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const db = getPool();
          const email = String(credentials?.email ?? '').trim().toLowerCase().slice(0, 254);
          const password = String(credentials?.password ?? '');
          const headers = (req.headers ?? {}) as Record<string, string>;
          const address = clientAddress(headers);
          const check = await verifyCredentials(db, email, password);
          const base = { action: 'auth.login', target: email, clientAddress: address, requestId: requestId(headers), email };
          if (!check.ok) {
            // The attempt was already counted by the auth route's throttle; a success clears it.
            await recordAudit(db, { ...base, actor: null, outcome: 'failure', status: 401, params: { reason: check.reason } });
            return null;
          }
          await clearLoginFailures(db, email);
          const actor = { kind: 'session' as const, userId: check.user.id, email: check.user.email, name: check.user.name, level: check.user.level };
          await recordAudit(db, { ...base, actor, outcome: 'success', status: 200 });
          return { id: check.user.id, email: check.user.email, name: check.user.name };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      async session({ session, token }) {
        const actor = await identityFromSession(getPool(), token.sub);
        return { ...session, user: actor ? { id: actor.userId, email: actor.email, name: actor.name, level: actor.level } : undefined };
      },
    },
    events: {
      async signOut({ token }) {
        const actor = await actorFromUserId(getPool(), token?.sub);
        if (actor) await recordAudit(getPool(), { actor, action: 'auth.logout', outcome: 'success', status: 200 });
      },
    },
  };
}
