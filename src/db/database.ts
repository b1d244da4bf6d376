/** The database the hub uses: DATABASE_URL when set, else an embedded PostgreSQL. */
import type { Logger } from 'pino';
import type { Config } from '../config';
import { startEmbeddedPostgres } from './embedded';

export interface Database {
  url: string;
  embedded: boolean;
  /** Records where the hub serves, for a second start on the same data folder to name it. */
  announce(hubUrl: string): void;
  stop(): Promise<void>;
}

/** `attach`: a script may use the PostgreSQL of a hub already running on the data folder. */
export async function openDatabase(config: Config, logger: Logger, options: { attach?: boolean } = {}): Promise<Database> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, announce: () => {}, stop: async () => {} };
  logger.info({ dataDir: config.dataDir, port: config.embeddedPgPort }, 'starting embedded PostgreSQL');
  const pg = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, database: 'cnz', logger, attach: options.attach });
  return { url: pg.url, embedded: true, announce: (hubUrl) => pg.announce(hubUrl), stop: () => pg.stop() };
}
