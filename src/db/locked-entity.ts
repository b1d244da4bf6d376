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
import { readOne, type Reading } from './select';

export type RowLock = 'share' | 'update';

export function lockedEntity<T extends object>(em: EntityManager, entity: EntityClass<T>, id: string, lock: RowLock): Promise<T | null> {
  return readOne(em, lockedEntityReading(em, entity, id, lock));
}

/** `lockedEntity` as a reading, to send with the reads that follow it (`readInOrder`). */
export function lockedEntityReading<T extends object>(em: EntityManager, entity: EntityClass<T>, id: string, lock: RowLock): Reading<T | null> {
  const { tableName } = em.getMetadata().get(entity.name);
  return {
    sql: `select * from "${tableName}" where id = ? for ${lock}`,
    params: [id],
    answer: ([row]) => (row ? em.map(entity, row as EntityDictionary<T>) : null),
  };
}

/**
 * One row by id, locked in the caller's transaction, as a read-only entity
 * (read-rows.ts: in no unit of work) for a write that stores its changes with
 * its own statements: a keystroke's section, whose new body and version go in
 * the batch's one write.
 */
export function lockedRow<T extends object>(em: EntityManager, entity: EntityClass<T>, id: string, lock: RowLock): Promise<T | null> {
  return readOne(em, lockedRowReading(em, entity, id, lock));
}

/** `lockedRow` as a reading, to send with the reads that follow it (`readInOrder`). */
export function lockedRowReading<T extends object>(em: EntityManager, entity: EntityClass<T>, id: string, lock: RowLock): Reading<T | null> {
  const reader = rowReader(em, entity);
  return {
    sql: `select ${reader.columns('t')} from ${reader.table} t where t.id = ? for ${lock}`,
    params: [id],
    answer: ([row]) => (row ? reader.map(row) : null),
  };
}
