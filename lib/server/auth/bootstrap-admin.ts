import crypto from 'node:crypto';
import { recordAudit } from '../audit/record-audit';
import type { Env } from '../config/env';
import type { Db } from '../db/pool';
import { createUser } from './users/create-user';

export const GENERATED_ADMIN_EMAIL = 'admin@ferry.local';

export type BootstrapResult =
  | { created: false }
  | { created: true; email: string; /** Present only when Ferry generated it: print it once, never store it. */ generatedPassword?: string };

/** 24 characters from an alphabet without look-alikes: ~140 bits. */
function generatePassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(crypto.randomBytes(24), (b) => alphabet[b % alphabet.length]).join('');
}

/**
 * With no console user at all, creates the first Level-1 admin: from `ADMIN_EMAIL`/`ADMIN_PASSWORD`
 * when set, otherwise with a random password returned for printing once (never a fixed default).
 * Two processes starting together create one admin: the second insert meets the unique email.
 */
export async function bootstrapAdmin(db: Db, env: Pick<Env, 'ADMIN_EMAIL' | 'ADMIN_PASSWORD'>): Promise<BootstrapResult> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ferry.console_users`);
  if ((rows[0]?.n ?? 0) > 0) return { created: false };
  const email = env.ADMIN_EMAIL ?? GENERATED_ADMIN_EMAIL;
  const generatedPassword = env.ADMIN_PASSWORD ? undefined : generatePassword();
  try {
    const user = await createUser(db, { email, name: 'Ferry admin', level: 1, password: env.ADMIN_PASSWORD ?? (generatedPassword as string) });
    await recordAudit(db, { actor: { kind: 'system', userId: null, email: null, name: 'ferry', level: 1 }, action: 'user.bootstrap', target: `user:${user.id}`, params: { email, generated: Boolean(generatedPassword) }, outcome: 'success' });
    return { created: true, email: user.email, generatedPassword };
  } catch (error) {
    if ((error as { code?: string }).code === 'conflict') return { created: false };
    throw error;
  }
}
