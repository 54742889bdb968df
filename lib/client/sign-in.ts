import { isErrorEnvelope } from '../shared/errors';

export type SignInResult = { ok: true } | { ok: false; message: string; retryAfterSeconds?: number };

/**
 * Signs in through next-auth's credentials endpoint (CSRF token first, then the form post with
 * `json=true`), reading Ferry's 429 envelope so the form can say when to try again.
 */
export async function signInWithPassword(email: string, password: string): Promise<SignInResult> {
  const csrf = (await fetch('/api/auth/csrf', { credentials: 'same-origin' }).then((r) => r.json())) as { csrfToken: string };
  const response = await fetch('/api/auth/callback/credentials', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, csrfToken: csrf.csrfToken, json: 'true', callbackUrl: '/' }),
  });
  const payload: unknown = await response.json().catch(() => null);
  if (response.status === 429 && isErrorEnvelope(payload)) {
    const details = payload.error.details as { retryAfterSeconds?: number } | undefined;
    return { ok: false, message: payload.error.message, retryAfterSeconds: details?.retryAfterSeconds };
  }
  const url = (payload as { url?: string } | null)?.url;
  if (!response.ok || !url || new URL(url, window.location.origin).searchParams.has('error')) {
    return { ok: false, message: 'Wrong email or password, or the account is disabled.' };
  }
  return { ok: true };
}

/**
 * Only same-site paths are followed after sign-in (no open redirect through `?next=`): the value is
 * resolved the way the browser will resolve it (which drops tabs and newlines, so `/\t/evil.example`
 * is another site) and kept only when it stays on this origin.
 */
export function safeNextPath(next: string | null | undefined, origin = typeof window === 'undefined' ? 'http://localhost' : window.location.origin): string {
  if (!next || !next.startsWith('/')) return '/';
  try {
    const url = new URL(next, origin);
    return url.origin === origin ? `${url.pathname}${url.search}${url.hash}` : '/';
  } catch {
    return '/';
  }
}
