/** Readiness: the database answers and every migration is applied. */
import { migratorOf, type Orm } from './orm';

export interface Readiness {
  ready: boolean;
  database: 'up' | 'down';
  migrations: 'applied' | 'pending' | 'unknown';
}

let migrationsApplied = false;

export async function readiness(orm: Orm): Promise<Readiness> {
  try {
    await orm.em.getConnection().execute('select 1');
  } catch {
    return { ready: false, database: 'down', migrations: 'unknown' };
  }
  if (!migrationsApplied) {
    try {
      migrationsApplied = (await (await migratorOf(orm)).getPendingMigrations()).length === 0;
    } catch {
      return { ready: false, database: 'up', migrations: 'unknown' };
    }
  }
  return { ready: migrationsApplied, database: 'up', migrations: migrationsApplied ? 'applied' : 'pending' };
}
