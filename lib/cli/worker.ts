import { getEnv } from '../server/config/env';
import { openDatabase } from '../server/db/open-database';
import { lowerBackendPriority, lowerCpuPriority } from '../server/db/background-priority';
import { poolSizeFor } from '../server/db/pool';
import { startWorker, workerOptionsFrom } from '../server/jobs/worker';
import { guardAgainstConnectionLoss } from './connection-loss-guard';
import { prepareDemoSource } from './prepare-demo-source';

/**
 * `npm run worker`: one more migration worker. It uses the same database selection as the server
 * (DATA_DIR, DATABASE_URL or NILEDB_*) and shares the collection jobs with every other worker.
 */
async function main(): Promise<void> {
  guardAgainstConnectionLoss();
  const env = getEnv();
  const opened = await openDatabase({ env, poolSize: poolSizeFor(env.FERRY_WORKER_CONCURRENCY) });
  // Loading is batch work: this process and its database backends yield the CPU to the console.
  lowerCpuPriority(process.pid);
  if (opened.pgDataDir) lowerBackendPriority(opened.db, opened.pgDataDir);
  await prepareDemoSource(env);
  const worker = await startWorker(opened.db, workerOptionsFrom(env));
  console.log(`[ferry worker] pid ${process.pid} working (${opened.description})`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await worker.stop().catch(() => undefined);
    await opened.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  // Started by the server (worker-process.ts): its IPC channel closes when the server exits, even by SIGKILL.
  if (process.connected) process.on('disconnect', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`[ferry worker] could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
