import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { authOptions } from '@/lib/server/auth/auth-options';
import { refuseThrottledLogin } from '@/lib/server/auth/refuse-throttled-login';

type Ctx = { params: Promise<{ nextauth: string[] }> };

// GET /api/auth/* — next-auth: session, csrf token, providers
export async function GET(req: NextRequest, ctx: Ctx): Promise<Response> {
  return NextAuth(authOptions())(req, ctx);
}

// POST /api/auth/* — next-auth: sign-in (throttled: 429 with Retry-After), sign-out
export async function POST(req: NextRequest, ctx: Ctx): Promise<Response> {
  const { nextauth } = await ctx.params;
  // next-auth reads only the first two segments (`callback/credentials/anything` signs in too).
  if (nextauth[0] === 'callback' && nextauth[1] === 'credentials') {
    const refused = await refuseThrottledLogin(req);
    if (refused) return refused;
  }
  return NextAuth(authOptions())(req, ctx);
}
