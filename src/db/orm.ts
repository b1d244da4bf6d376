/** MikroORM on PostgreSQL: one ORM per process, a forked EntityManager per request. */
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { Logger } from 'pino';
import { migrationsList } from '../../migrations';

export type Orm = MikroORM;
export type EntityClass = Options['entities'] extends (infer E)[] | undefined ? E : never;

export interface OrmOptions {
  clientUrl: string;
  entities: NonNullable<Options['entities']>;
  logger?: Logger;
  /** Called with each SQL statement (tests count them). */
  onQuery?: (sql: string) => void;
  poolMax?: number;
}

export function ormConfig(options: OrmOptions): Options {
  return {
    clientUrl: options.clientUrl,
    entities: options.entities,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: false },
    forceUtcTimezone: true,
    allowGlobalContext: false,
    pool: { min: 0, max: options.poolMax ?? 10 },
    debug: options.onQuery ? ['query'] : false,
    logger: (message) => {
      if (options.onQuery) options.onQuery(message);
      else options.logger?.debug({ orm: message }, 'orm');
    },
    colors: false,
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

export async function createOrm(options: OrmOptions): Promise<Orm> {
  return MikroORM.init(ormConfig(options));
}
