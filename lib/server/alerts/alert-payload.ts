import os from 'node:os';
import type { AlertSeverity } from '../../shared/contracts/health';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const URL_LIKE = /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;
const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g;
const TOKEN_LIKE = /\b(?:fry|fst)_[A-Za-z0-9_-]{16,}/g;

/**
 * Removes what must never leave Ferry in an alert: email addresses, URLs and connection strings, IP
 * addresses, this machine's host name and Ferry's tokens. Built-in messages only hold numbers; this
 * guards messages written in a rules file too.
 */
export function scrub(text: string): string {
  const host = os.hostname();
  let out = text.replace(URL_LIKE, '[url]').replace(EMAIL, '[email]').replace(TOKEN_LIKE, '[token]').replace(IPV4, '[address]');
  if (host) out = out.replace(new RegExp(`(?<![\\w.-])${host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'gi'), '[host]');
  return out;
}

const ICON: Record<AlertSeverity, string> = { critical: ':rotating_light:', high: ':warning:', medium: ':large_orange_diamond:', low: ':information_source:' };
const COLOR: Record<AlertSeverity, string> = { critical: '#b91c1c', high: '#d97706', medium: '#ca8a04', low: '#2563eb' };

export type AlertNotice = { rule: string; severity: AlertSeverity; message: string; firedAt: Date; notifications: number };

/**
 * The webhook body: Slack-compatible (`text`, plus one attachment with the severity's colour), and a
 * `ferry` object for other receivers. Only the rule, severity, times and the scrubbed message — no
 * secret, email, host name, connection string or id.
 */
export function alertPayload(notice: AlertNotice): Record<string, unknown> {
  const message = scrub(notice.message);
  const again = notice.notifications > 1 ? ` (still firing, notice ${notice.notifications})` : '';
  return {
    text: `${ICON[notice.severity]} Ferry alert [${notice.severity}] ${notice.rule}: ${message}${again}`,
    attachments: [{ color: COLOR[notice.severity], fallback: message, fields: [{ title: 'Rule', value: notice.rule, short: true }, { title: 'Severity', value: notice.severity, short: true }] }],
    ferry: { rule: notice.rule, severity: notice.severity, message, firedAt: notice.firedAt.toISOString(), notifications: notice.notifications },
  };
}
