import { Command } from 'commander';
import { registerDbCommands } from './commands/db';
import { registerMigrateCommands } from './commands/migrate';
import { registerSnapshotCommands } from './commands/snapshot';
import { registerTokenCommands } from './commands/tokens';
import { registerUserCommands } from './commands/users';
import { registerValidateCommand } from './commands/validate';
import { reportCliError } from './run-with-database';

/** `npm run ferry -- <command>`: administration of a Ferry installation from a terminal. */
const program = new Command('ferry')
  .description('Ferry: move NeDB data into NileDB safely. Uses the same database as the server (DATA_DIR, DATABASE_URL or NILEDB_*).')
  .showHelpAfterError();

registerUserCommands(program);
registerDbCommands(program);
registerMigrateCommands(program);
registerSnapshotCommands(program);
registerTokenCommands(program);
registerValidateCommand(program);

program.parseAsync(process.argv).catch(reportCliError);
