/**
 * An application section's narrative as a Yjs document (see
 * application-sync.service.ts; the shape of src/db/yjs-document.entity.ts):
 * every accepted update, appended in order and never changed, and the
 * compacted snapshot that loading starts from.
 */
import { Entity, Index, ManyToOne, type Rel, Unique } from '@mikro-orm/core';
import { YjsDocumentRow, YjsUpdateRow } from '../../db/yjs-document.entity';
import { User } from '../users/user.entity';
import { ApplicationSection } from './application.entity';

/** The Yjs state of one section's narrative. */
@Entity({ tableName: 'zone_application_section_docs' })
export class ApplicationSectionDoc extends YjsDocumentRow {
  @ManyToOne(() => ApplicationSection, { primary: true, deleteRule: 'cascade' })
  section!: Rel<ApplicationSection>;
}

/** One accepted Yjs update of a section's narrative. Append-only. */
@Entity({ tableName: 'zone_application_section_updates' })
@Unique({ name: 'zone_application_section_updates_section_seq_unique', properties: ['section', 'seq'] })
@Index({ name: 'zone_application_section_updates_author_idx', properties: ['author'] })
export class ApplicationSectionUpdate extends YjsUpdateRow {
  @ManyToOne(() => ApplicationSection, { deleteRule: 'cascade' })
  section!: Rel<ApplicationSection>;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  author: Rel<User> | null = null;
}
