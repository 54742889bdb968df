import os from 'node:os';
import type { Command } from 'commander';
import { cliActor } from '../../server/auth/actor';
import { recordAudit } from '../../server/audit/record-audit';
import { getEnv } from '../../server/config/env';
import type { Db } from '../../server/db/pool';
import { startWorker, workerOptionsFrom } from '../../server/jobs/worker';
import { migrationSource } from '../../server/migration/migration-source';
import { getRollback } from '../../server/rollback/list-rollbacks';
import { requestRollback } from '../../server/rollback/request-rollback';
import { createSnapshot } from '../../server/snapshot/create-snapshot';
import { getSnapshot, listSnapshots } from '../../server/snapshot/list-snapshots';
import { AppError } from '../../shared/errors';
import type { LossReport } from '../../shared/contracts/rollback';
import { followOperation } from '../follow-operation';
import { prepareDemoSource } from '../prepare-demo-source';
import { runWithDatabase } from '../run-with-database';

const actor = () => cliActor(os.userInfo().username);

/** Runs `follow` with a worker of this process (unless `withWorker` is false: the server's does the work). */
async function withOwnWorker(db: Db, withWorker: boolean, follow: () => Promise<void>): Promise<void> {
  const worker = withWorker ? await startWorker(db, workerOptionsFrom(getEnv())) : null;
  try {
    await follow();
  } finally {
    await worker?.stop();
  }
}

function printLosses(losses: LossReport): void {
  console.error(`${losses.rows} row(s) written after the snapshot by someone other than the run would be undone:`);
  for (const e of losses.entries) {
    console.error(`  ${e.table.padEnd(18)} ${(e.tenantName ?? e.tenantId ?? 'shared').padEnd(28)} inserted ${e.inserted}, changed ${e.changed}, deleted ${e.deleted}, run rows edited ${e.modifiedRunRows}`);
  }
  console.error('Run again with --accept-loss to export them (encrypted, beside the snapshot) and roll back anyway.');
}

/** `ferry snapshot`, `ferry snapshots`, `ferry rollback [--tenant KEY] [--accept-loss]`. */
export function registerSnapshotCommands(program: Command): void {
  program
    .command('snapshot')
    .description('take an encrypted rollback snapshot of the target now and follow it until it is verified (restore rehearsed)')
    .option('--detach', 'return at once with the snapshot id')
    .option('--no-worker', 'follow without running a worker in this process')
    .action(async (options: { detach?: boolean; worker: boolean }) => {
      await runWithDatabase(async (db) => {
        await prepareDemoSource(getEnv());
        const { snapshotId } = await createSnapshot(db, { actor: actor().name, source: migrationSource() });
        await recordAudit(db, { actor: actor(), action: 'migration.snapshot', target: `snapshot:${snapshotId}`, outcome: 'success' });
        console.error(`snapshot ${snapshotId} started`);
        if (!options.detach) {
          await withOwnWorker(db, options.worker, () => followOperation('snapshot', async () => {
            const s = await getSnapshot(db, snapshotId);
            return { done: s.state === 'verified' || s.state === 'failed', value: s.progress.tablesDone, total: s.progress.tables, state: s.state, step: s.progress.step };
          }));
          const done = await getSnapshot(db, snapshotId);
          if (done.state === 'failed') throw new AppError('internal', `Snapshot ${snapshotId} failed: ${done.error}`);
          console.error(`snapshot ${snapshotId} verified: ${done.rows} rows in ${done.tables.length} tables, ${done.bytes} bytes`);
        }
        console.log(snapshotId);
      });
    });

  program
    .command('snapshots')
    .description('list rollback snapshots: state, size, rows, the run each protects')
    .option('--json', 'print the list as JSON')
    .action(async (options: { json?: boolean }) => {
      await runWithDatabase(async (db) => {
        const { snapshots } = await listSnapshots(db);
        if (options.json) return console.log(JSON.stringify(snapshots, null, 2));
        if (snapshots.length === 0) console.log('No snapshot yet.');
        for (const s of snapshots) {
          console.log(`${s.id}  ${s.state.padEnd(9)} ${s.createdAt}  ${String(s.rows).padStart(9)} rows  ${String(s.bytes).padStart(11)} bytes  ${s.protectsRunId ? `protects run ${s.protectsRunId}` : ''}`);
        }
      });
    });

  program
    .command('rollback')
    .description('roll the last migration run (or one tenant of it) back to its snapshot, and follow it with a progress bar')
    .option('--tenant <key>', 'roll back this legacy tenant only; every other tenant stays as it is')
    .option('--accept-loss', 'export rows written after the snapshot by others, then undo them too')
    .option('--detach', 'return at once with the rollback id')
    .option('--no-worker', 'follow without running a worker in this process')
    .action(async (options: { tenant?: string; acceptLoss?: boolean; detach?: boolean; worker: boolean }) => {
      await runWithDatabase(async (db) => {
        const request = { ...(options.tenant ? { tenant: options.tenant } : {}), ...(options.acceptLoss ? { acceptLoss: true } : {}) };
        let decision;
        try {
          decision = await requestRollback(db, actor().name, request);
        } catch (error) {
          const losses = error instanceof AppError ? (error.details as { losses?: LossReport } | undefined)?.losses : undefined;
          if (losses) printLosses(losses);
          await recordAudit(db, { actor: actor(), action: 'migration.rollback', target: null, params: request, outcome: 'failure', status: error instanceof AppError ? error.status : 500 });
          throw error;
        }
        const { rollbackId, runId } = decision.body;
        await recordAudit(db, { actor: actor(), action: 'migration.rollback', target: `run:${runId}`, params: { ...request, rollbackId }, outcome: 'success', status: decision.status });
        console.error(decision.status === 200 ? `rollback ${rollbackId} already completed; nothing changed since` : `${decision.body.joined ? 'joined' : 'started'} rollback ${rollbackId} of run ${runId}`);
        if (!options.detach && decision.status === 202) {
          await withOwnWorker(db, options.worker, () => followOperation('rollback', async () => {
            const r = await getRollback(db, rollbackId);
            return { done: r.state !== 'running', value: r.tenantsDone, total: Math.max(r.tenantsTotal, r.tenantsDone), state: r.state, step: r.step };
          }));
          const done = await getRollback(db, rollbackId);
          if (done.state === 'failed') throw new AppError('internal', `Rollback ${rollbackId} failed: ${done.error}`);
          console.error(`rolled back: ${done.removedRows} rows removed, ${done.restoredRows} restored; matches the snapshot: ${done.verified ? 'yes' : 'no'}`);
        }
        console.log(rollbackId);
      });
    });
}
