/** What every command-line script needs: config, logger, database, ORM, and a clean exit. */
import 'reflect-metadata';
import { ConfigError, loadConfig, type Config } from '../config';
import { openDatabase } from '../db/database';
import { createOrm, type Orm } from '../db/orm';
import { createLogger, type Logger } from '../logger';
import { entities } from '../entities';

export interface ScriptScope {
  config: Config;
  logger: Logger;
  orm: Orm;
  databaseUrl: string;
}

/**
 * Runs `body` with an ORM on the configured database (the running hub's
 * embedded one when a hub holds the data folder), then closes everything and exits.
 */
export function runScript(name: string, body: (scope: ScriptScope) => Promise<void>, options: { withDatabase?: boolean } = {}): void {
  (async () => {
    const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
    const logger = createLogger(config.logLevel, { production: config.production });
    if (options.withDatabase === false) {
      await body({ config, logger, orm: undefined as unknown as Orm, databaseUrl: '' });
      return;
    }
    const database = await openDatabase(config, logger, { attach: true });
    try {
      const orm = await createOrm({ clientUrl: database.url, entities, logger, poolMax: 2 });
      try {
        await body({ config, logger, orm, databaseUrl: database.url });
      } finally {
        await orm.close();
      }
    } finally {
      await database.stop();
    }
  })().then(
    () => process.exit(0),
    (error) => {
      const message = error instanceof ConfigError ? `configuration: ${error.message}` : (error as Error).message;
      console.error(`${name} failed: ${message}`);
      process.exit(1);
    },
  );
}
