import os from 'node:os';
import type { Command } from 'commander';
import { AppError } from '../../shared/errors';
import { cliActor } from '../../server/auth/actor';
import { createToken, listAllTokens, revokeToken } from '../../server/auth/tokens/manage-tokens';
import { recordAudit } from '../../server/audit/record-audit';
import { runWithDatabase } from '../run-with-database';

/** `ferry token create|list|revoke`. */
export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens (Authorization: Bearer <token>)');
  const actor = () => cliActor(os.userInfo().username);

  token
    .command('create')
    .description('create a token for a user; the token is printed alone on the last line of stdout')
    .requiredOption('--email <email>', 'the user the token acts as (with that user’s level)')
    .requiredOption('--name <name>', 'what the token is for')
    .action(async (options: { email: string; name: string }) => {
      await runWithDatabase(async (db) => {
        const { rows } = await db.query<{ id: string; disabled: boolean }>(`SELECT id, disabled FROM ferry.console_users WHERE email = lower($1)`, [options.email.trim()]);
        const owner = rows[0];
        if (!owner) throw new AppError('not_found', `No user with the email ${options.email}.`);
        if (owner.disabled) throw new AppError('conflict', `${options.email} is disabled: its tokens would not work.`);
        const created = await createToken(db, owner.id, { name: options.name });
        await recordAudit(db, { actor: actor(), action: 'token.create', target: `token:${created.id}`, params: { email: options.email, name: created.name, prefix: created.prefix }, outcome: 'success' });
        console.error(`created token ${created.id} (${created.prefix}…) for ${options.email}; it is shown once:`);
        console.log(created.token);
      });
    });

  token
    .command('list')
    .description('list every token (never the secrets)')
    .action(async () => {
      await runWithDatabase(async (db) => {
        console.log(['ID', 'OWNER', 'NAME', 'PREFIX', 'CREATED', 'LAST USED', 'STATE'].join('\t'));
        for (const t of await listAllTokens(db)) {
          console.log([t.id, t.email, t.name, `${t.prefix}…`, t.createdAt, t.lastUsedAt ?? 'never', t.revokedAt ? `revoked ${t.revokedAt}` : 'active'].join('\t'));
        }
      });
    });

  token
    .command('revoke')
    .description('revoke a token by id')
    .argument('<id>', 'token id (from `token list`)')
    .action(async (id: string) => {
      await runWithDatabase(async (db) => {
        const revoked = await revokeToken(db, id);
        await recordAudit(db, { actor: actor(), action: 'token.revoke', target: `token:${revoked.id}`, outcome: 'success' });
        console.log(`revoked ${revoked.id} (${revoked.name})`);
      });
    });
}
