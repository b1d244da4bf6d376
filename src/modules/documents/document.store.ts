/**
 * Where a document's bytes live, behind one small interface so an
 * S3-compatible store can replace the default. The default,
 * `PostgresDocumentStore`, keeps them in the `document_content` table in
 * chunks of `CHUNK_BYTES`, written inside the upload's own transaction (an
 * interrupted upload rolls back with its row) and read back one chunk per
 * statement: neither side ever holds a whole file in memory. The database
 * then holds everything, and a backup is one `pg_dump`.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '../../errors';

/** Refused past the upload limit, while streaming: answered 413. */
export class DocumentTooLargeError extends BadUserInputError {
  readonly status = 413;
  constructor(readonly limit: number) {
    super(`The file is larger than the limit of ${limit} bytes`, [{ path: 'body', message: `is larger than ${limit} bytes` }]);
  }
}

export interface DocumentStore {
  /**
   * Stores the bytes of `stream` under `id`, inside `em`'s transaction when
   * the store can join it. Throws DocumentTooLargeError as soon as more than
   * `limit` bytes have arrived (what was written goes with the transaction).
   * Resolves with the number of bytes stored.
   */
  write(em: EntityManager, id: string, stream: AsyncIterable<Buffer>, limit: number): Promise<number>;
  /** The bytes stored under `id`, as they are read. */
  read(em: EntityManager, id: string): AsyncIterable<Buffer>;
  /** Forgets the bytes of these documents (absent ones are ignored). */
  remove(em: EntityManager, ids: readonly string[]): Promise<void>;
}

/** Bytes per `document_content` row. */
export const CHUNK_BYTES = 256 * 1024;

function run(em: EntityManager, sql: string, params: unknown[]) {
  const query = em
    .getConnection()
    .getKnex()
    .raw(sql, params as never);
  const transaction = em.getTransactionContext();
  if (transaction) query.transacting(transaction);
  return query as unknown as Promise<{ rows: Array<Record<string, unknown>> }>;
}

export class PostgresDocumentStore implements DocumentStore {
  async write(em: EntityManager, id: string, stream: AsyncIterable<Buffer>, limit: number): Promise<number> {
    let total = 0;
    let chunk = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      const bytes = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      await run(em, 'insert into document_content (document_id, chunk, bytes) values (?, ?, ?)', [id, chunk++, bytes]);
    };
    for await (const piece of stream) {
      total += piece.length;
      if (total > limit) throw new DocumentTooLargeError(limit);
      pending.push(piece);
      pendingBytes += piece.length;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
    await flush();
    return total;
  }

  async *read(em: EntityManager, id: string): AsyncIterable<Buffer> {
    for (let chunk = 0; ; chunk++) {
      const { rows } = await run(em, 'select bytes from document_content where document_id = ? and chunk = ?', [id, chunk]);
      if (rows.length === 0) return;
      yield rows[0].bytes as Buffer;
    }
  }

  async remove(em: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await run(em, 'delete from document_content where document_id = any(?::uuid[])', [`{${ids.join(',')}}`]);
  }
}
