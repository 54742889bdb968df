import pino, { type Logger } from 'pino';
import { getEnv } from '../config/env';

/** Keys whose values never reach a log line, at any depth pino can address. */
const REDACT = [
  'password', '*.password', 'passwordHash', '*.passwordHash', 'password_hash', '*.password_hash',
  'token', '*.token', 'secret', '*.secret', 'authorization', '*.authorization', 'headers.authorization',
  'headers.cookie', 'cookie', 'connectionString', '*.connectionString',
];

let root: Logger | undefined;

/** The process-wide JSON logger. Child loggers carry request, run, collection and tenant ids. */
export function getLogger(): Logger {
  root ??= pino({
    level: getEnv().LOG_LEVEL,
    base: { app: 'ferry' },
    redact: { paths: REDACT, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
  return root;
}

export type { Logger };
