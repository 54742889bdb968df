import os from 'node:os';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { cliActor } from '../../server/auth/actor';
import { recordAudit } from '../../server/audit/record-audit';
import type { Db } from '../../server/db/pool';
import { startWorker } from '../../server/jobs/worker';
import { getValidation } from '../../server/validation/get-validation';
import { requestValidation } from '../../server/validation/request-validation';
import { validationJobKind } from '../../server/validation/validation-job-kind';
import type { ValidationDetail, ValidationResult } from '../../shared/contracts/validation';
import { failExitCode, runWithDatabase } from '../run-with-database';

type Options = { json?: boolean; runId?: string; worker: boolean };

/** Follows a validation with a progress bar on stderr until it completes or fails; returns it. */
async function follow(db: Db, id: string): Promise<ValidationDetail> {
  const bar = new cliProgress.SingleBar(
    { format: '{bar} {percentage}% | {value}/{total} documents | {state}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2000 },
    cliProgress.Presets.shades_classic,
  );
  let validation = await getValidation(db, id);
  bar.start(Math.max(validation.progress.total, 1), validation.progress.checked, { state: validation.state });
  while (validation.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 500));
    validation = await getValidation(db, id);
    bar.setTotal(Math.max(validation.progress.total, 1));
    bar.update(validation.progress.checked, { state: validation.state });
  }
  bar.update(validation.progress.checked, { state: validation.state });
  bar.stop();
  return validation;
}

function printResults(title: string, results: ValidationResult[]): void {
  if (results.length === 0) return;
  console.log(`\n${title} (${results.length})`);
  for (const r of results) {
    console.log(`  [${r.check}]${r.collection ? ` ${r.collection}:` : ''} ${r.message}`);
    for (const d of (r.details ?? []).slice(0, 5)) console.log(`      ${d.id}${d.line !== null ? ` (${d.file ?? 'line'}:${d.line})` : ''}${d.problem ? ` ${d.problem}` : ''}${d.fields?.length ? ` [${d.fields.join(', ')}]` : ''}`);
  }
}

/** The report for a terminal: the verdict, critical issues and warnings with sampled ids, recommendations. */
function printReport(v: ValidationDetail): void {
  console.log(`Validation ${v.id} of run ${v.runId}: ${v.state}`);
  console.log(v.overall ? 'SAFE TO PROCEED: no critical issue.' : `NOT SAFE TO PROCEED: ${v.criticalIssues.length} critical issue(s).`);
  printResults('Critical issues', v.criticalIssues);
  printResults('Warnings', v.warnings);
  console.log(`\nInfo: ${v.info.length} item(s) (--json for everything).`);
  console.log('\nRecommendations');
  for (const r of v.recommendations) console.log(`  - ${r}`);
}

/** `ferry validate [--json] [--run-id ID] [--no-worker]`. */
export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('validate a migration run (the newest by default; joins a running validation) and print the report; exits 1 unless it is safe to proceed')
    .option('--json', 'print the report as JSON (stdout)')
    .option('--run-id <id>', 'the run to validate (default: the newest)')
    .option('--no-worker', 'only follow: let the server’s or `npm run worker` workers do the work')
    .action(async (options: Options) => {
      await runWithDatabase(async (db) => {
        const actor = cliActor(os.userInfo().username);
        const { validationId, joined } = await requestValidation(db, { runId: options.runId, actor: actor.name, trigger: 'manual' });
        await recordAudit(db, { actor, action: 'migration.validate', target: `validation:${validationId}`, params: { joined }, outcome: 'success' });
        console.error(`${joined ? 'joined' : 'started'} validation ${validationId}`);
        const worker = options.worker ? await startWorker(db, { kinds: [validationJobKind] }) : null;
        let validation: ValidationDetail;
        try {
          validation = await follow(db, validationId);
        } finally {
          await worker?.stop();
        }
        if (options.json) console.log(JSON.stringify(validation, null, 2));
        else printReport(validation);
        if (validation.overall !== true) failExitCode();
      });
    });
}
