/**
 * A section's text as a Yjs document (see waiver-section.doc.ts): every accepted
 * update, appended in order and never changed, and the compacted snapshot that
 * loading starts from.
 */
import { Entity, Index, ManyToOne, type Opt, PrimaryKey, Property, type Rel, Unique } from '@mikro-orm/core';
import { User } from '../users/user.entity';
import { WaiverSection } from './waiver-section.entity';

/**
 * The Yjs state of one section: a snapshot (the whole document as one update,
 * through update `snapshotSeq`) and the number of the last update appended.
 * The section's row lock (FOR UPDATE) serializes every change of it.
 */
@Entity({ tableName: 'waiver_section_docs' })
@Index({ name: 'waiver_section_docs_burst_idx', properties: ['burstLastAt'] })
export class WaiverSectionDoc {
  @ManyToOne(() => WaiverSection, { primary: true, deleteRule: 'cascade' })
  section!: Rel<WaiverSection>;

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

  /**
   * The open burst of typing (see waiver-section-burst.ts): its revision, moved forward by each
   * update of the same author until they pause or type too long, or anyone else changes the text.
   */
  @Property({ type: 'uuid', nullable: true })
  burstRevisionId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  burstAuthorId: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  burstStartedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  burstLastAt: Date | null = null;
}

/** One accepted Yjs update of a section, as its client (or the hub, for a whole-body edit) sent it. Append-only. */
@Entity({ tableName: 'waiver_section_updates' })
@Unique({ name: 'waiver_section_updates_section_seq_unique', properties: ['section', 'seq'] })
@Index({ name: 'waiver_section_updates_author_idx', properties: ['author'] })
export class WaiverSectionUpdate {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string & Opt;

  @ManyToOne(() => WaiverSection, { deleteRule: 'cascade' })
  section!: Rel<WaiverSection>;

  /** 1, 2, … per section, in the order accepted. */
  @Property({ type: 'integer' })
  seq!: number;

  @Property({ type: 'blob' })
  update!: Buffer;

  /** The section's version once this update was applied. */
  @Property({ type: 'integer' })
  version!: number;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  author: Rel<User> | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();
}
