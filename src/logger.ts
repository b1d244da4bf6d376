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
  return pino(settings, pretty ?? lineByLine());
}

/**
 * JSON lines written as they are logged: pino's default writes in the
 * background, and a line still on its way when the process exits is lost or
 * cut (the last "hub stopped" went missing from piped logs). The hub logs its
 * lifecycle and its failures, not every request, so a blocking write costs
 * nothing that counts.
 */
function lineByLine(): DestinationStream {
  return pino.destination({ dest: process.stdout.fd ?? 1, sync: true });
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
