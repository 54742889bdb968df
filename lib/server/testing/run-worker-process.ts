// Test fixture: starts the server's worker child process (lib/cli/worker-process.ts) as `npm start`
// does, prints this process's pid, and waits to be killed.
import { startWorkerProcess } from '../../cli/worker-process';

startWorkerProcess((line) => process.stdout.write(`[parent] ${line}\n`));
process.stdout.write(`${JSON.stringify({ parent: process.pid })}\n`);
setInterval(() => undefined, 60_000);
