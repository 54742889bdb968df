import cliProgress from 'cli-progress';

export type OperationReading = { done: boolean; value: number; total: number; state: string; step: string };

/**
 * Draws a progress bar on stderr for a background operation (a snapshot, a rollback) until `read` says
 * it is done, reading twice a second; on a non-terminal stderr it prints a line every few seconds.
 */
export async function followOperation(label: string, read: () => Promise<OperationReading>): Promise<void> {
  const bar = new cliProgress.SingleBar(
    { format: `${label} {bar} {value}/{total} | {state}: {step}`, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2000 },
    cliProgress.Presets.shades_classic,
  );
  let reading = await read();
  bar.start(Math.max(reading.total, 1), reading.value, { state: reading.state, step: reading.step });
  while (!reading.done) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    reading = await read();
    bar.setTotal(Math.max(reading.total, 1));
    bar.update(reading.value, { state: reading.state, step: reading.step });
  }
  bar.update(reading.total, { state: reading.state, step: reading.step });
  bar.stop();
}
