/** Applies pending migrations; returns their names. */
import type { Orm } from './orm';

export async function migrateUp(orm: Orm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}
