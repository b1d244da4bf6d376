/**
 * A section's text as a Yjs document (see waiver-section.doc.ts): every accepted
 * update, appended in order and never changed, and the compacted snapshot that
 * loading starts from (the shape of src/db/yjs-document.entity.ts).
 */
import { Entity, Index, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { YjsDocumentRow, YjsUpdateRow } from '../../db/yjs-document.entity';
import { User } from '../users/user.entity';
import { WaiverSection } from './waiver-section.entity';

/** The Yjs state of one section, and its open burst of typing. */
@Entity({ tableName: 'waiver_section_docs' })
@Index({ name: 'waiver_section_docs_burst_idx', properties: ['burstLastAt'] })
export class WaiverSectionDoc extends YjsDocumentRow {
  @ManyToOne(() => WaiverSection, { primary: true, deleteRule: 'cascade' })
  section!: Rel<WaiverSection>;

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
export class WaiverSectionUpdate extends YjsUpdateRow {
  @ManyToOne(() => WaiverSection, { deleteRule: 'cascade' })
  section!: Rel<WaiverSection>;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  author: Rel<User> | null = null;
}
