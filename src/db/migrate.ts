/** Applies pending migrations, one process at a time (replicas start together). */
import { migratorOf, type Orm } from './orm';

const MIGRATION_LOCK = 4242000;

export async function migrateUp(orm: Orm): Promise<string[]> {
  const knex = orm.em.getConnection().getKnex();
  // A session lock on one pooled connection, held while the migrator runs on others.
  const connection = await knex.client.acquireConnection();
  try {
    await connection.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await (await migratorOf(orm)).up();
    return applied.map((migration) => migration.name);
  } finally {
    await connection.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await knex.client.releaseConnection(connection);
  }
}
