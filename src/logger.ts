/**
 * Logs (pino): JSON, one line per event with a request id on each request's
 * lines; for a person at a terminal (not in production), pretty and short.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  /** Production logs stay JSON, even at a terminal. */
  production?: boolean;
}

export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const settings = {
    level,
    base: { service: 'cnz-hub' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'authorization', '*.authorization'], censor: '[redacted]' },
  };
  const pretty = !options.production && process.stdout.isTTY ? prettyStream() : undefined;
  return pretty ? pino(settings, pretty) : pino(settings);
}

/** pino-pretty is a dev dependency: absent from a production install, then JSON it is. */
function prettyStream(): DestinationStream | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pretty = require('pino-pretty') as (options: object) => DestinationStream;
    return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service', sync: true });
  } catch {
    return undefined;
  }
}
