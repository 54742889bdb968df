import 'server-only';
import { AppError } from '../../shared/errors';
import { recordAudit } from '../audit/record-audit';
import { getPool } from '../db/pool';
import { clientAddress, requestId } from '../http/request-info';
import { json } from '../http/responses';
import { checkLoginThrottle } from './login-throttle';

/**
 * Before next-auth checks a password: answers 429 (error envelope, `Retry-After`, and the `url` field
 * next-auth's client expects) when this email or address has failed too often, and audits the refusal.
 * Returns null when the attempt may proceed. Reads the form body from a clone, leaving the request intact.
 */
export async function refuseThrottledLogin(req: Request): Promise<Response | null> {
  const form = await req.clone().formData().catch(() => null);
  const email = String(form?.get('email') ?? '').trim().toLowerCase().slice(0, 254);
  const address = clientAddress(req.headers);
  const db = getPool();
  const verdict = await checkLoginThrottle(db, email, address);
  if (verdict.allowed) return null;
  const seconds = verdict.retryAfterSeconds;
  const error = new AppError('too_many_requests', `Too many failed sign-ins ${verdict.reason === 'email' ? 'for this email' : 'from this address'}. Try again in ${seconds} s.`, {
    details: { retryAfterSeconds: seconds },
  });
  await recordAudit(db, { actor: null, email, action: 'auth.login', target: email, outcome: 'denied', status: 429, clientAddress: address, requestId: requestId(req.headers), params: { reason: 'throttled', retryAfterSeconds: seconds } });
  const url = new URL(`/login?error=throttled&retryAfter=${seconds}`, req.url).toString();
  return json({ url, ...error.toEnvelope() }, 429, { 'Retry-After': String(seconds) });
}
