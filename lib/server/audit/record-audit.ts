import type { Actor } from '../auth/actor';
import type { Db } from '../db/pool';
import { getLogger } from '../log/logger';

export type AuditOutcome = 'success' | 'failure' | 'denied';

export type AuditEntry = {
  actor: Actor | null;
  /** Dotted verb, e.g. `token.create`, `user.update`, `auth.login`. */
  action: string;
  target?: string | null;
  params?: Record<string, unknown>;
  outcome: AuditOutcome;
  status?: number;
  clientAddress?: string | null;
  requestId?: string | null;
  /** For anonymous attempts (a failed login): the email that was tried. */
  email?: string | null;
};

const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|hash|key/i;

/** Copies parameters with every secret-looking key replaced, at any depth. */
export function redactParams(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[truncated]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redactParams(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redactParams(v, depth + 1)]),
    );
  }
  if (typeof value === 'string' && value.length > 500) return `${value.slice(0, 500)}…`;
  return value;
}

/**
 * Appends one entry to the audit trail. Never throws: a failure to audit is logged loudly but does not
 * turn a completed action into an error the caller would retry.
 */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  const actor = entry.actor;
  try {
    await db.query(
      `INSERT INTO ferry.audit_log (actor_id, actor_email, actor_kind, action, target, params, outcome, status, client_address, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        actor?.userId ?? null,
        actor?.email ?? entry.email ?? (actor?.kind === 'cli' || actor?.kind === 'system' ? actor.name : null),
        actor?.kind ?? 'anonymous',
        entry.action,
        entry.target ?? null,
        JSON.stringify(redactParams(entry.params ?? {})),
        entry.outcome,
        entry.status ?? null,
        entry.clientAddress ?? null,
        entry.requestId ?? null,
      ],
    );
  } catch (error) {
    getLogger().error({ err: error, action: entry.action }, 'audit entry could not be written');
  }
}
