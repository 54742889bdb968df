import { getLogger } from '../server/log/logger';

/** Codes of a database that went away or is restarting (admin shutdown, starting up, refused, reset). */
const CONNECTION_LOSS = new Set(['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE']);

export function isConnectionLoss(reason: unknown): boolean {
  const code = (reason as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && CONNECTION_LOSS.has(code)) return true;
  return reason instanceof Error && /Connection terminated|connection .*closed|Client has encountered a connection error/i.test(reason.message);
}

/**
 * pg-boss marks jobs completed or failed without awaiting the promise, so while the database restarts
 * those promises reject with nobody listening — which would end the process. Those rejections are
 * logged and survived (the jobs are recovered from Ferry's own checkpoints once the database is back);
 * any other unhandled rejection still ends the process, loudly.
 */
export function guardAgainstConnectionLoss(): void {
  process.on('unhandledRejection', (reason) => {
    if (isConnectionLoss(reason)) {
      getLogger().warn({ err: reason }, 'database connection lost; waiting for it to come back');
      return;
    }
    getLogger().fatal({ err: reason }, 'unhandled rejection');
    process.exit(1);
  });
}
