import { getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';
import { getEnv } from './lib/server/config/env';

/** Pages anyone may open; every other page needs a session. */
const PUBLIC_PAGES = ['/login'];
/** A stakeholder share link (`/status/<token>`): the page itself checks the token and answers 404 otherwise. */
const SHARED_STATUS_PAGE = /^\/status\/fst_[A-Za-z0-9_-]{43}$/;

function contentSecurityPolicy(nonce: string, isDev: boolean): string {
  return [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? ` 'unsafe-eval'` : ''}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src 'self'${isDev ? ' ws:' : ''}`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

/**
 * Runs before every page: a per-request CSP nonce (Next reads it from the request's CSP header for its
 * own scripts), and a redirect of signed-out visits to `/login?next=…`. Pages re-check the session and
 * level on the server; this is the fast first gate. API routes answer 401/403 themselves.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const env = getEnv();
  const csp = contentSecurityPolicy(nonce, env.NODE_ENV === 'development');

  if (!PUBLIC_PAGES.includes(pathname) && !SHARED_STATUS_PAGE.test(pathname)) {
    const secret = env.NEXTAUTH_SECRET;
    const token = secret ? await getToken({ req: request, secret }) : null;
    if (!token?.sub) {
      const login = new URL('/login', request.url);
      login.searchParams.set('next', `${pathname}${search}`);
      const redirect = NextResponse.redirect(login);
      redirect.headers.set('Content-Security-Policy', csp);
      return redirect;
    }
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export const config = {
  // `api(?:/|$)` leaves out `/api` itself as well as `/api/…` (API routes answer 401/404 as JSON, never a redirect).
  matcher: [{ source: '/((?!api(?:/|$)|_next/static|_next/image|favicon.ico|icon.svg).*)' }],
};
