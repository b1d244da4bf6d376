/**
 * The stored shape of a co-typed text's Yjs document (see yjs-document.ts),
 * shared by every feature that co-types: each declares its two tables as
 * subclasses with the relation `section` to the row holding the text (the
 * document row's primary key), and the update row's `author`.
 */
import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The Yjs state of one text: a snapshot (the whole document as one update,
 * through update `snapshotSeq`) and the number of the last update appended.
 * The text's row lock (FOR UPDATE) serializes every change of it.
 */
@Entity({ abstract: true })
export abstract class YjsDocumentRow {
  /** `Y.encodeStateAsUpdate` of the document after update `snapshotSeq` (the seeded text when 0). */
  @Property({ type: 'blob' })
  snapshot!: Buffer;

  @Property({ type: 'integer', default: 0 })
  snapshotSeq: number & Opt = 0;

  /** The last update appended (0: none yet). */
  @Property({ type: 'integer', default: 0 })
  seq: number & Opt = 0;

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();

  /** The document as first seeded (never rewritten): with the updates, it gives the text at any version. */
  @Property({ type: 'blob', nullable: true })
  seed: Buffer | null = null;
}

/** One accepted Yjs update of a text, as its client (or the hub, for a whole-body edit) sent it. Append-only. */
@Entity({ abstract: true })
export abstract class YjsUpdateRow {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string & Opt;

  /** 1, 2, … per text, in the order accepted. */
  @Property({ type: 'integer' })
  seq!: number;

  @Property({ type: 'blob' })
  update!: Buffer;

  /** The text's version once this update was applied. */
  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();
}
