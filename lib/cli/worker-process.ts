import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export type WorkerProcess = { stop(): Promise<void> };

const RESTART_DELAY_MS = 2000;
/** A worker that keeps dying at once (a configuration error) is restarted less and less often, up to once a minute. */
const MAX_RESTART_DELAY_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

/**
 * The server's migration worker, as a child process running `npm run worker` (lib/cli/worker.ts) on
 * the same configuration. Loading parses documents and encodes rows on the CPU; in its own process it
 * never holds up the console's event loop, so the pages and the API stay quick while a run loads.
 * It exits by itself when this process goes away, however that happens (its IPC channel closes); if it
 * dies, it is started again (after a few seconds, backing off to a minute while it keeps dying at once).
 */
export function startWorkerProcess(say: (line: string) => void): WorkerProcess {
  const script = path.join(__dirname, 'worker.ts');
  let child: ChildProcess | null = null;
  let stopping = false;
  let restart: NodeJS.Timeout | null = null;
  let delay = RESTART_DELAY_MS;

  const spawn = () => {
    const spawnedAt = Date.now();
    // The same Node options as this process (tsx's loader), so the TypeScript entry point runs as it
    // does here; a session of its own, so that the scheduler can put it below the console (a terminal's
    // Ctrl-C reaches the server, which stops it).
    const started = fork(script, [], { execArgv: process.execArgv, env: process.env, stdio: 'inherit', detached: true });
    child = started; // it puts itself below the console in the CPU scheduler (worker.ts)
    started.once('exit', (code, signal) => {
      if (child === started) child = null;
      if (stopping) return;
      // A worker that ran for a while starts again at once-ish; one that died on its feet waits longer each time.
      delay = Date.now() - spawnedAt > MAX_RESTART_DELAY_MS ? RESTART_DELAY_MS : Math.min(delay * 2, MAX_RESTART_DELAY_MS);
      say(`migration worker exited (${signal ?? `code ${code}`}); starting it again in ${Math.round(delay / 1000)} s`);
      restart = setTimeout(spawn, delay);
    });
  };
  spawn();

  return {
    async stop() {
      stopping = true;
      if (restart) clearTimeout(restart);
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill('SIGTERM');
      const timer = setTimeout(() => running.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
