/**
 * A section's text as a Yjs document (see waiver-section.doc.ts): every accepted
 * update, appended in order and never changed, and the compacted snapshot that
 * loading starts from (the shape of src/db/yjs-document.entity.ts).
 */
import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, PrimaryKey, Property, type Rel, Unique } from '@mikro-orm/core';
import { YjsDocumentRow, YjsUpdateRow } from '../../db/yjs-document.entity';
import { User } from '../users/user.entity';
import { WaiverRevision, WaiverSection } from './waiver-section.entity';

/** The Yjs state of one section. */
@Entity({ tableName: 'waiver_section_docs' })
export class WaiverSectionDoc extends YjsDocumentRow {
  @ManyToOne(() => WaiverSection, { primary: true, deleteRule: 'cascade' })
  section!: Rel<WaiverSection>;
}

/**
 * An author's open burst of typing in a section (see waiver-section-burst.ts):
 * its revision, moved forward by each of their updates until they pause or
 * type too long, or a change that is not typing (an edit, a restore, an
 * accepted suggestion) cuts every burst of the section. One per author and
 * section: authors typing at once each have theirs.
 */
@Entity({ tableName: 'waiver_section_bursts' })
@Unique({ name: 'waiver_section_bursts_section_author_unique', properties: ['section', 'author'] })
@Index({ name: 'waiver_section_bursts_last_idx', properties: ['lastAt'] })
export class WaiverSectionBurst {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => WaiverSection, { deleteRule: 'cascade' })
  section!: Rel<WaiverSection>;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  author!: Rel<User>;

  @ManyToOne(() => WaiverRevision, { deleteRule: 'cascade' })
  revision!: Rel<WaiverRevision>;

  @Property({ type: 'timestamptz' })
  startedAt!: Date;

  @Property({ type: 'timestamptz' })
  lastAt!: Date;
}

/** One accepted Yjs update of a section, as its client (or the hub, for a whole-body edit) sent it. Append-only. */
@Entity({ tableName: 'waiver_section_updates' })
@Unique({ name: 'waiver_section_updates_section_seq_unique', properties: ['section', 'seq'] })
@Index({ name: 'waiver_section_updates_author_idx', properties: ['author'] })
export class WaiverSectionUpdate extends YjsUpdateRow {
  @ManyToOne(() => WaiverSection, { deleteRule: 'cascade' })
  section!: Rel<WaiverSection>;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  author: Rel<User> | null = null;
}
