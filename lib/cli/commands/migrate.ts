import os from 'node:os';
import type { Command } from 'commander';
import { cliActor } from '../../server/auth/actor';
import { recordAudit } from '../../server/audit/record-audit';
import type { Db } from '../../server/db/pool';
import { buildPlan } from '../../server/migration/plan/build-plan';
import { migrationSource } from '../../server/migration/migration-source';
import { getProgress } from '../../server/migration/runs/get-progress';
import { getMigrationStatus } from '../../server/migration/runs/get-status';
import { startMigration } from '../../server/migration/runs/start-migration';
import { stopMigration } from '../../server/migration/runs/stop-migration';
import { startWorker, workerOptionsFrom } from '../../server/jobs/worker';
import { AppError } from '../../shared/errors';
import { followProgress } from '../follow-progress';
import { printPlan } from '../print-plan';
import { prepareDemoSource } from '../prepare-demo-source';
import { failExitCode, runWithDatabase } from '../run-with-database';
import { getEnv } from '../../server/config/env';

const actor = () => cliActor(os.userInfo().username);

async function source() {
  await prepareDemoSource(getEnv());
  return migrationSource();
}

async function watch(db: Db, runId: string, withWorker: boolean): Promise<void> {
  const worker = withWorker ? await startWorker(db, workerOptionsFrom(getEnv())) : null;
  try {
    const final = await followProgress(db, runId);
    if (final.state === 'failed') throw new AppError('internal', `Run ${runId} failed: ${final.errors.map((e) => e.message).join('; ')}`);
  } finally {
    await worker?.stop();
  }
}

/** `ferry plan` and `ferry migrate start|stop|status`. */
export function registerMigrateCommands(program: Command): void {
  program
    .command('plan')
    .description('analyse the legacy store and show where each collection goes (reads only); exits 1 when the plan has blockers')
    .option('--json', 'print the plan as JSON')
    .action(async (options: { json?: boolean }) => {
      await runWithDatabase(async (db) => {
        const { plan } = await buildPlan({ db, ...(await source()) });
        if (options.json) console.log(JSON.stringify(plan, null, 2));
        else printPlan(plan);
        if (!plan.ready) failExitCode();
      });
    });

  const migrate = program.command('migrate').description('run the data migration (background workers do the loading)');
  migrate
    .command('start')
    .description('start a run (or resume the paused one) and follow it with a progress bar')
    .option('--detach', 'return at once; the server’s or `npm run worker` workers do the work')
    .option('--no-worker', 'follow without running a worker in this process')
    .action(async (options: { detach?: boolean; worker: boolean }) => {
      await runWithDatabase(async (db) => {
        const started = await startMigration({ db, actor: actor().name, source: await source() });
        await recordAudit(db, { actor: actor(), action: 'migration.start', target: `run:${started.runId}`, params: { resumed: started.resumed }, outcome: 'success' });
        console.error(`${started.resumed ? 'resumed' : 'started'} run ${started.runId}`);
        if (!options.detach) await watch(db, started.runId, options.worker);
        console.log(started.runId);
      });
    });
  migrate
    .command('stop')
    .description('pause the active run at the next batch boundary (resume with `migrate start`)')
    .action(async () => {
      await runWithDatabase(async (db) => {
        const stopped = await stopMigration(db, actor().name);
        await recordAudit(db, { actor: actor(), action: 'migration.stop', target: `run:${stopped.runId}`, outcome: 'success' });
        console.log(`run ${stopped.runId}: ${stopped.state}`);
      });
    });
  migrate
    .command('status')
    .description('the adapter mode, the active and last run, and record counts; --watch follows the active run')
    .option('--watch', 'follow the newest run with a progress bar until it stops')
    .action(async (options: { watch?: boolean }) => {
      await runWithDatabase(async (db) => {
        const status = await getMigrationStatus(db, await source());
        console.log(JSON.stringify(status, null, 2));
        const run = status.activeRun ?? status.lastRun;
        if (options.watch && run) await followProgress(db, run.runId);
        else if (run) {
          const progress = await getProgress(db, run.runId);
          for (const c of progress.collections) console.log(`${c.state.padEnd(10)} ${c.name.padEnd(28)} ${c.processed}/${c.total}${c.quarantined ? ` (${c.quarantined} quarantined)` : ''}`);
        }
      });
    });
}
