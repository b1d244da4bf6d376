/**
 * Entry point: read config, open the database (embedded when DATABASE_URL is
 * unset), apply migrations, load the demo network once (when config.demo),
 * serve the hub.
 */
import 'reflect-metadata';
import { startHub, type Hub } from './app';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/database';
import { migrateUp } from './db/migrate';
import { createOrm } from './db/orm';
import { DEMO_USERS } from './demo/network';
import { seedDemoNetwork } from './demo/seed';
import { createLogger } from './logger';
import { entities } from './entities';

export interface Running {
  hub: Hub;
  /** Stops the hub, then the embedded database. */
  stop(): Promise<void>;
}

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<Running> {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel, { production: config.production });
  const database = await openDatabase(config, logger);
  try {
    const orm = await createOrm({ clientUrl: database.url, entities, logger, poolMax: 2 });
    try {
      const applied = await migrateUp(orm);
      if (applied.length) logger.info({ applied }, 'migrations applied');
      if (config.demo) {
        const seeded = await seedDemoNetwork(orm);
        if (seeded) logger.info(seeded, 'demo network loaded');
      }
    } finally {
      await orm.close();
    }
    const hub = await startHub({ config, databaseUrl: database.url, logger });
    database.announce(hub.url);
    logger.info(
      {
        url: hub.url,
        database: database.embedded ? `embedded PostgreSQL (${config.dataDir})` : 'DATABASE_URL',
        subscriptions: hub.bus.distributed ? 'across instances through Redis' : 'in-process',
        signingKey:
          config.auth.mode === 'secret' && config.auth.secretIsDefault
            ? `dev JWT_SECRET "${config.auth.secret}" (listening on ${config.host} only unless HOST is set)`
            : config.auth.mode,
        getAToken: 'npm run token -- <email>',
        ...(config.demo ? { demoUsers: DEMO_USERS.map((user) => `${user.email} (${user.about})`) } : {}),
      },
      `CNZ hub ready at ${hub.url}`,
    );
    return {
      hub,
      stop: async () => {
        await hub.close();
        await database.stop();
      },
    };
  } catch (error) {
    await database.stop();
    throw error;
  }
}

/**
 * On SIGTERM or SIGINT: the orderly shutdown (in-flight requests finish,
 * sockets close with 1001, the database stops last), then exit 0, or 1 when
 * the shutdown failed. A second signal while stopping is ignored. Given the
 * hub still starting, a signal waits for it to be up, then stops it: the
 * embedded database is never left behind by a signal that came early.
 */
export function stopOnSignals(
  running: Running | Promise<Running>,
  exit: (code: number) => void = (code) => process.exit(code),
  signals: NodeJS.EventEmitter = process,
): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    Promise.resolve(running)
      .then((started) => started.stop())
      .then(
        () => exit(0),
        (error) => {
          console.error(`shutdown after ${signal} failed: ${(error as Error).message}`);
          exit(1);
        },
      );
  };
  signals.on('SIGTERM', () => stop('SIGTERM'));
  signals.on('SIGINT', () => stop('SIGINT'));
}

/**
 * Under `npm start` the hub's parent is npm's shell, which a SIGTERM to npm
 * ends without passing it on: when the parent is gone, stop as on SIGTERM.
 */
export function stopWhenParentExits(signals: NodeJS.EventEmitter = process, everyMs = 250): void {
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    signals.emit('SIGTERM');
  }, everyMs);
  watch.unref();
}

/** What `npm start` and the image run: the hub until a signal, from the first moment; a failed start is one line and exit 1. */
export function run(): void {
  const running = main();
  running.then(
    () => {
      if (process.env.npm_lifecycle_event) stopWhenParentExits();
    },
    (error) => {
      const message = error instanceof ConfigError ? `configuration: ${error.message}` : (error as Error).message;
      console.error(`cnz-hub failed to start: ${message}`);
      process.exit(1);
    },
  );
  stopOnSignals(running);
}

if (require.main === module) run();
