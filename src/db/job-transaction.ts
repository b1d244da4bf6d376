/**
 * A transaction for background jobs (the mail queue's workers): work with no
 * viewer and no mutation to audit. Mutations never use this: they write
 * through `writeTransaction` (src/graphql/write-transaction.ts), which
 * re-reads grants under lock and writes the audit row.
 */
import type { EntityManager } from '@mikro-orm/postgresql';

export function jobTransaction<T>(root: EntityManager, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return root.fork().transactional(work);
}
