/**
 * One row by id, locked in the caller's transaction and mapped into its
 * EntityManager as a managed entity (as read now: `em.map` refreshes what
 * the identity map held), for a write that changes and flushes it. The same
 * as `em.findOne(entity, { id }, { lockMode, refresh: true })`, one
 * statement either way, without the ORM building the query: the rows every
 * keystroke locks (a waiver request FOR SHARE, its section FOR UPDATE) are
 * read this way.
 */
import type { EntityClass, EntityDictionary, EntityManager } from '@mikro-orm/postgresql';
import { rowReader } from './read-rows';
import { selectRows } from './select';

export type RowLock = 'share' | 'update';

export async function lockedEntity<T extends object>(em: EntityManager, entity: EntityClass<T>, id: string, lock: RowLock): Promise<T | null> {
  const { tableName } = em.getMetadata().get(entity.name);
  const [row] = await selectRows<Record<string, unknown>>(em, `select * from "${tableName}" where id = ? for ${lock}`, [id]);
  return row ? em.map(entity, row as EntityDictionary<T>) : null;
}

/**
 * One row by id, locked in the caller's transaction, as a read-only entity
 * (read-rows.ts: in no unit of work) for a write that stores its changes with
 * its own statements: a keystroke's section, whose new body and version go in
 * the batch's one write.
 */
export async function lockedRow<T extends object>(em: EntityManager, entity: EntityClass<T>, id: string, lock: RowLock): Promise<T | null> {
  const reader = rowReader(em, entity);
  const [row] = await selectRows<Record<string, unknown>>(em, `select ${reader.columns('t')} from ${reader.table} t where t.id = ? for ${lock}`, [id]);
  return row ? reader.map(row) : null;
}
