import os from 'node:os';
import type { Command } from 'commander';
import { cliActor } from '../../server/auth/actor';
import { createUser } from '../../server/auth/users/create-user';
import { listUsers } from '../../server/auth/users/list-users';
import { recordAudit } from '../../server/audit/record-audit';
import { promptPassword, readStdin } from '../read-password';
import { runWithDatabase } from '../run-with-database';

type CreateOptions = { email: string; level: string; name?: string; passwordStdin?: boolean };

/** `ferry user create|list`. */
export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('console users');

  user
    .command('create')
    .description('create a console user (password from a prompt, or --password-stdin)')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--level <n>', '1 = system admin, 2 = operator, 3 = viewer')
    .option('--name <name>', 'display name (default: the part of the email before @)')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (options: CreateOptions) => {
      const password = options.passwordStdin ? await readStdin() : await promptPassword('Password (12+ characters): ');
      await runWithDatabase(async (db) => {
        const created = await createUser(db, { email: options.email, name: options.name ?? options.email.split('@')[0] ?? options.email, level: Number(options.level) as 1 | 2 | 3, password });
        await recordAudit(db, { actor: cliActor(os.userInfo().username), action: 'user.create', target: `user:${created.id}`, params: { email: created.email, level: created.level }, outcome: 'success' });
        console.log(`created ${created.email} (level ${created.level}, id ${created.id})`);
      });
    });

  user
    .command('list')
    .description('list console users')
    .action(async () => {
      await runWithDatabase(async (db) => {
        const users = await listUsers(db);
        console.log(['EMAIL', 'LEVEL', 'STATE', 'LAST SIGN-IN', 'ID'].join('\t'));
        for (const u of users) console.log([u.email, u.level, u.disabled ? 'disabled' : 'active', u.lastLoginAt ?? 'never', u.id].join('\t'));
      });
    });
}
