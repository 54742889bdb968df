import { isDatabaseUnavailable } from '../server/db/pg-errors';
import { getLogger } from '../server/log/logger';

/**
 * pg-boss marks jobs completed or failed without awaiting the promise, so while the database restarts
 * those promises reject with nobody listening — which would end the process. Those rejections are
 * logged and survived (the jobs are recovered from Ferry's own checkpoints once the database is back);
 * any other unhandled rejection still ends the process, loudly.
 */
export function guardAgainstConnectionLoss(): void {
  process.on('unhandledRejection', (reason) => {
    if (isDatabaseUnavailable(reason)) {
      getLogger().warn({ err: reason }, 'database connection lost; waiting for it to come back');
      return;
    }
    getLogger().fatal({ err: reason }, 'unhandled rejection');
    process.exit(1);
  });
}
