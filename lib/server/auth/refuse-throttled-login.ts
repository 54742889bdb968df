import 'server-only';
import { AppError } from '../../shared/errors';
import { recordAudit } from '../audit/record-audit';
import { getPool } from '../db/pool';
import { clientAddress, requestId } from '../http/request-info';
import { json } from '../http/responses';
import { admitLoginAttempt } from './login-throttle';

/** The email of a sign-in request, read the way next-auth reads its body (JSON or form), from a clone. */
async function attemptedEmail(req: Request): Promise<string> {
  const text = await req.clone().text().catch(() => '');
  let email: unknown;
  if ((req.headers.get('content-type') ?? '').includes('application/json')) {
    try {
      email = (JSON.parse(text) as { email?: unknown }).email;
    } catch {
      email = undefined;
    }
  } else {
    email = new URLSearchParams(text).get('email');
  }
  return String(email ?? '').trim().toLowerCase().slice(0, 254);
}

/**
 * Before next-auth checks a password: counts the attempt and answers 429 (error envelope,
 * `Retry-After`, and the `url` field next-auth's client expects) when this email or address has tried
 * too often, and audits the refusal. Returns null when the attempt may proceed.
 */
export async function refuseThrottledLogin(req: Request): Promise<Response | null> {
  const email = await attemptedEmail(req);
  const address = clientAddress(req.headers);
  const db = getPool();
  const verdict = await admitLoginAttempt(db, email, address);
  if (verdict.allowed) return null;
  const seconds = verdict.retryAfterSeconds;
  const error = new AppError('too_many_requests', `Too many failed sign-ins ${verdict.reason === 'email' ? 'for this email' : 'from this address'}. Try again in ${seconds} s.`, {
    details: { retryAfterSeconds: seconds },
  });
  await recordAudit(db, { actor: null, email, action: 'auth.login', target: email, outcome: 'denied', status: 429, clientAddress: address, requestId: requestId(req.headers), params: { reason: 'throttled', retryAfterSeconds: seconds } });
  const url = new URL(`/login?error=throttled&retryAfter=${seconds}`, req.url).toString();
  return json({ url, ...error.toEnvelope() }, 429, { 'Retry-After': String(seconds) });
}
