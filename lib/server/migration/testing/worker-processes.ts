import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export type SpawnedWorker = { child: ChildProcess; pid: number };

/**
 * Real `npm run worker` processes for tests, on a given database and legacy directory, with small
 * batches so a run lasts long enough to be interrupted. `killAll` SIGKILLs every one of them, including
 * the node process tsx runs as a child (killing only the spawned tsx would leave it running).
 */
export function workerProcesses(legacyDir: string) {
  const tsx = path.resolve('node_modules/.bin/tsx');
  const spawned: SpawnedWorker[] = [];
  return {
    /** Resolves once the worker says it works, with the pid of the node process doing the work. */
    start(databaseUrl: string, ownerUrl: string): Promise<SpawnedWorker> {
      const child = spawn(tsx, ['lib/cli/worker.ts'], {
        env: { ...process.env, DATABASE_URL: databaseUrl, DATABASE_OWNER_URL: ownerUrl, LEGACY_DIR: legacyDir, FERRY_BATCH_SIZE: '20', LOG_LEVEL: 'silent', NODE_ENV: 'test' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return new Promise((resolve, reject) => {
        let output = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /pid (\d+) working/.exec(output);
          if (match) {
            const worker = { child, pid: Number(match[1]) };
            spawned.push(worker);
            resolve(worker);
          }
        });
        child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`worker exited ${code}: ${output}`)));
      });
    },
    killAll(): void {
      for (const { child, pid } of spawned) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
        child.kill('SIGKILL');
      }
    },
  };
}
