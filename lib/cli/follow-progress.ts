import cliProgress from 'cli-progress';
import type { Db } from '../server/db/pool';
import { getProgress } from '../server/migration/runs/get-progress';
import type { MigrationProgress } from '../shared/contracts/migration';

const SETTLED = ['completed', 'failed', 'paused', 'rolled_back'];

function eta(seconds: number | null): string {
  if (seconds === null) return '—';
  return seconds >= 3600 ? `${Math.floor(seconds / 3600)}h${Math.round((seconds % 3600) / 60)}m` : seconds >= 60 ? `${Math.floor(seconds / 60)}m${seconds % 60}s` : `${seconds}s`;
}

/**
 * Draws a terminal progress bar for a run until it completes, fails or pauses (twice a second), and
 * returns its final progress. On a non-terminal stderr it prints a line per change instead.
 */
export async function followProgress(db: Db, runId: string): Promise<MigrationProgress> {
  const bar = new cliProgress.SingleBar(
    { format: '{bar} {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta_h} | {state}: {step}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2000 },
    cliProgress.Presets.shades_classic,
  );
  let progress = await getProgress(db, runId);
  bar.start(Math.max(progress.total, 1), progress.processed, { rate: 0, eta_h: '—', state: progress.state, step: progress.step });
  while (!SETTLED.includes(progress.state)) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    progress = await getProgress(db, runId);
    // The total is exact once every collection is scanned (it starts as a line count): follow it.
    bar.setTotal(Math.max(progress.total, 1));
    bar.update(progress.processed, { rate: progress.rowsPerSecond, eta_h: eta(progress.etaSeconds), state: progress.state, step: progress.step });
  }
  bar.setTotal(Math.max(progress.total, 1));
  bar.update(progress.processed, { rate: progress.rowsPerSecond, eta_h: '0s', state: progress.state, step: progress.step });
  bar.stop();
  const quarantined = progress.collections.reduce((sum, c) => sum + c.quarantined, 0);
  console.error(`run ${runId} ${progress.state}: ${progress.processed}/${progress.total} documents (${quarantined} quarantined)`);
  return progress;
}
