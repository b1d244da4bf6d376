/**
 * MikroORM on PostgreSQL: one ORM per process, a forked EntityManager per request.
 *
 * The migrator (@mikro-orm/migrations, umzug and their file tools, and the
 * migration classes) is loaded only where migrations are run or checked: a
 * serving hub opts out (`migrator: false`) and loads it on first need
 * (`migratorOf`, e.g. the readiness check), which keeps it out of the memory
 * of every running instance.
 */
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { deferBegin, type PipelineClient } from './pipeline';
import type { Migrator } from '@mikro-orm/migrations';
import type { Logger } from 'pino';

export type Orm = MikroORM;
export type EntityClass = Options['entities'] extends (infer E)[] | undefined ? E : never;

export interface OrmOptions {
  clientUrl: string;
  entities: NonNullable<Options['entities']>;
  logger?: Logger;
  /** Called with each SQL statement (tests count them). */
  onQuery?: (sql: string) => void;
  poolMax?: number;
  /** Load the migrator now (the default) or on first use through `migratorOf`. */
  migrator?: boolean;
}

const MIGRATOR_KEY = '@mikro-orm/migrator';

interface MigratorParts {
  Migrator: typeof Migrator;
  migrations: NonNullable<Options['migrations']>;
}

/** The migrator and the migrations' settings, with the migration classes (loaded here, on first need). */
async function loadMigrator(): Promise<MigratorParts> {
  const [{ Migrator }, { migrationsList }] = await Promise.all([import('@mikro-orm/migrations'), import('../../migrations/index.js')]);
  return {
    Migrator,
    migrations: {
      tableName: 'mikro_orm_migrations',
      path: 'migrations',
      pathTs: 'migrations',
      migrationsList,
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      emit: 'ts',
    },
  };
}

export function ormConfig(options: OrmOptions, migrator?: MigratorParts): Options {
  return {
    clientUrl: options.clientUrl,
    entities: options.entities,
    extensions: migrator ? [migrator.Migrator] : [],
    discovery: { warnWhenNoEntities: false },
    forceUtcTimezone: true,
    allowGlobalContext: false,
    // Each connection holds back knex's BEGIN and sends it with the transaction's first statement (pipeline.ts).
    pool: {
      min: 0,
      max: options.poolMax ?? 10,
      afterCreate: (connection: PipelineClient, done: (error: Error | null, connection: PipelineClient) => void) => {
        deferBegin(connection);
        done(null, connection);
      },
    },
    debug: options.onQuery ? ['query'] : false,
    logger: (message) => {
      if (options.onQuery) options.onQuery(message);
      else options.logger?.debug({ orm: message }, 'orm');
    },
    colors: false,
    ...(migrator ? { migrations: migrator.migrations } : {}),
  };
}

export async function createOrm(options: OrmOptions): Promise<Orm> {
  return MikroORM.init(ormConfig(options, options.migrator === false ? undefined : await loadMigrator()));
}

/** The ORM's migrator, loading and registering it first when the ORM was made without it. */
export async function migratorOf(orm: Orm): Promise<Migrator> {
  if (!orm.config.getExtension(MIGRATOR_KEY)) {
    const { Migrator, migrations } = await loadMigrator();
    orm.config.set('migrations', { ...orm.config.get('migrations'), ...migrations });
    Migrator.register(orm);
  }
  return orm.getMigrator() as Migrator;
}
